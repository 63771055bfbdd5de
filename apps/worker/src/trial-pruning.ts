import { type Direction, type TrialJob } from "@gemsweep/contracts";
import { BENCHMARKS, createPruner, parseSpec, type PruneDecision, type Pruner, type TrialSnapshot } from "@gemsweep/core";
import type { PrismaClient } from "@gemsweep/db";

interface SweepPruner {
  pruner: Pruner;
  direction: Direction;
}

/**
 * Asks the sweep's pruner (the spec's `pruner:`; median stopping) after each epoch whether the
 * running trial should stop. Reads only what the decision needs: this trial's curve and the
 * completed trials' metric at the same epoch, same benchmark.
 */
export class TrialPruning {
  private readonly bySweep = new Map<string, Promise<SweepPruner | null>>();

  constructor(private readonly prisma: PrismaClient) {}

  private prunerOf(sweepId: string, benchmark: TrialJob["benchmark"]): Promise<SweepPruner | null> {
    let entry = this.bySweep.get(sweepId);
    if (!entry) {
      entry = this.prisma.sweep
        .findUnique({ where: { id: sweepId }, select: { spec: true } })
        .then((sweep) => {
          if (!sweep) return null;
          const spec = parseSpec(sweep.spec);
          if (spec.pruner.strategy === "none") return null;
          return { pruner: createPruner(spec.pruner), direction: BENCHMARKS[benchmark].direction };
        });
      this.bySweep.set(sweepId, entry);
    }
    return entry;
  }

  async decide(job: TrialJob, epoch: number): Promise<PruneDecision | null> {
    const entry = await this.prunerOf(job.sweepId, job.benchmark);
    if (!entry) return null;
    const [own, peers] = await Promise.all([
      this.prisma.epochMetric.findMany({
        where: { trialId: job.trialId, epoch: { lte: epoch } },
        select: { epoch: true, metric: true },
        orderBy: { epoch: "asc" },
      }),
      this.prisma.epochMetric.findMany({
        where: {
          epoch,
          trial: { sweepId: job.sweepId, benchmark: job.benchmark, status: "COMPLETED" },
        },
        select: { metric: true, trial: { select: { id: true, configKey: true, seed: true } } },
      }),
    ]);
    const trial: TrialSnapshot = {
      id: job.trialId,
      configKey: job.configKey,
      benchmark: job.benchmark,
      seed: job.seed,
      status: "RUNNING",
      curve: own,
    };
    const completed: TrialSnapshot[] = peers.map((p) => ({
      id: p.trial.id,
      configKey: p.trial.configKey,
      benchmark: job.benchmark,
      seed: p.trial.seed,
      status: "COMPLETED",
      curve: [{ epoch, metric: p.metric }],
    }));
    return entry.pruner.shouldPrune(trial, completed, entry.direction);
  }
}
