import { type TrialJob } from "@gemsweep/contracts";
import { type TrialSnapshot } from "@gemsweep/core";
import type { PrismaClient } from "./prisma-client.js";

/** What a pruner decides on: the running trial, and the completed trials it is compared with. */
export interface PruningSnapshot {
  /** the running trial with its curve up to the epoch */
  trial: TrialSnapshot;
  /** completed trials of the same sweep and benchmark, each with its metric at that epoch */
  completed: TrialSnapshot[];
}

/**
 * Reads only what a pruning decision at `epoch` needs: this trial's curve up to that epoch, and
 * the metric at that same epoch of every COMPLETED trial of the same sweep and benchmark (a
 * completed trial without that epoch is not a peer). Two indexed reads per reported epoch. The
 * metric compared is the validation split's, so pruning never looks at the test set (the
 * epoch's `metric`, test's, only for a trial run without validation).
 */
export async function pruningSnapshot(
  prisma: PrismaClient,
  job: Pick<TrialJob, "trialId" | "sweepId" | "benchmark" | "configKey" | "seed">,
  epoch: number,
): Promise<PruningSnapshot> {
  const [own, peers] = await Promise.all([
    prisma.epochMetric.findMany({
      where: { trialId: job.trialId, epoch: { lte: epoch } },
      select: { epoch: true, metric: true, valMetric: true },
      orderBy: { epoch: "asc" },
    }),
    prisma.epochMetric.findMany({
      where: {
        epoch,
        trial: { sweepId: job.sweepId, benchmark: job.benchmark, status: "COMPLETED" },
      },
      select: { metric: true, valMetric: true, trial: { select: { id: true, configKey: true, seed: true } } },
    }),
  ]);
  // the validation metric where the epoch has one (rows from before validation existed have only `metric`)
  const selection = (e: { metric: number; valMetric: number | null }) => e.valMetric ?? e.metric;
  return {
    trial: {
      id: job.trialId,
      configKey: job.configKey,
      benchmark: job.benchmark,
      seed: job.seed,
      status: "RUNNING",
      curve: own.map((e) => ({ epoch: e.epoch, metric: selection(e) })),
    },
    completed: peers.map((p) => ({
      id: p.trial.id,
      configKey: p.trial.configKey,
      benchmark: job.benchmark,
      seed: p.trial.seed,
      status: "COMPLETED",
      curve: [{ epoch, metric: selection(p) }],
    })),
  };
}
