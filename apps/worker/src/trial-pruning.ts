import { type Direction, type TrialJob } from "@gemsweep/contracts";
import { createPruner, type PruneDecision, type Pruner, type TrialSnapshot } from "@gemsweep/core";
import { SweepStore, type PrismaClient } from "@gemsweep/db";

interface SweepPruner {
  pruner: Pruner;
  /** Each benchmark's metric direction, as the plan recorded it. */
  directions: ReadonlyMap<string, Direction>;
}

/**
 * Asks the sweep's pruner (the spec's `pruner:`; median stopping) after each epoch whether the
 * running trial should stop. Reads only what the decision needs: this trial's curve and the
 * completed trials' metric at the same epoch, same benchmark.
 */
export class TrialPruning {
  private readonly bySweep = new Map<string, Promise<SweepPruner | null>>();

  constructor(private readonly prisma: PrismaClient) {}

  private prunerOf(sweepId: string): Promise<SweepPruner | null> {
    let entry = this.bySweep.get(sweepId);
    if (!entry) {
      entry = new SweepStore(this.prisma).getSweepPlan(sweepId).then((plan) =>
        plan.pruner.strategy === "none"
          ? null
          : {
              pruner: createPruner(plan.pruner),
              directions: new Map(plan.columns.map((c) => [c.benchmark, c.direction])),
            },
      );
      this.bySweep.set(sweepId, entry);
    }
    return entry;
  }

  async decide(job: TrialJob, epoch: number): Promise<PruneDecision | null> {
    const entry = await this.prunerOf(job.sweepId);
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
    return entry.pruner.shouldPrune(trial, completed, entry.directions.get(job.benchmark) ?? "max");
  }
}
