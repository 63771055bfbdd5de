import type { PrismaClient } from "./prisma-client.js";
import { SweepStore, type StatusCounts } from "./sweep-store.js";

/** A trial being trained now, and how far it got. */
export interface RunningTrialProgress {
  id: string;
  configKey: string;
  seed: number;
  epochsDone: number;
  /** the epochs its config trains */
  epochs: number;
}

export interface SweepProgress {
  counts: StatusCounts;
  total: number;
  /** trials that ended: completed, diverged, failed, pruned or cancelled (not waiting, queued or running) */
  ended: number;
  running: RunningTrialProgress[];
}

/**
 * How far a sweep is, as the database has it (the truth, whichever worker runs what): trials by
 * status, and the running ones with their epochs done out of their config's epochs. Two indexed
 * reads on (sweepId, status); polled by `gemsweep run` while the sweep trains.
 */
export async function sweepProgress(prisma: PrismaClient, sweepId: string): Promise<SweepProgress> {
  const [counts, running] = await Promise.all([
    new SweepStore(prisma).statusCounts(sweepId),
    prisma.trial.findMany({
      where: { sweepId, status: "RUNNING" },
      orderBy: [{ configKey: "asc" }, { seed: "asc" }],
      select: { id: true, configKey: true, seed: true, epochsDone: true, config: true },
    }),
  ]);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    counts,
    total,
    ended: total - counts.WAITING - counts.QUEUED - counts.RUNNING,
    running: running.map((t) => ({
      id: t.id,
      configKey: t.configKey,
      seed: t.seed,
      epochsDone: t.epochsDone,
      epochs: (t.config as { hyper?: { epochs?: number } } | null)?.hyper?.epochs ?? 1,
    })),
  };
}
