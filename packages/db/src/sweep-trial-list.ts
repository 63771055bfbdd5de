import { type TrialStatus } from "@gemsweep/contracts";
import type { Prisma, PrismaClient } from "./prisma-client.js";
import { assertUuid } from "./sweep-store.js";

/** A trial as an export of the whole sweep lists it: the config it trains and how it went. */
export interface SweepTrialListRow {
  id: string;
  benchmark: string;
  configKey: string;
  /** the resolved config the worker trains (activation, hyperparameters) */
  config: Prisma.JsonValue;
  seed: number;
  status: TrialStatus;
  attempts: number;
  epochsDone: number;
  finalMetric: number | null;
  error: string | null;
}

/**
 * Every trial of a sweep with its config, ordered by config then seed (`gemsweep status --json`).
 * No per-epoch rows: a sweep of any size is one indexed scan of its trials.
 */
export async function sweepTrialList(
  prisma: PrismaClient,
  sweepId: string,
): Promise<SweepTrialListRow[]> {
  const trials = await prisma.trial.findMany({
    where: { sweepId: assertUuid(sweepId, "sweep") },
    orderBy: [{ configKey: "asc" }, { seed: "asc" }],
    select: {
      id: true,
      benchmark: true,
      configKey: true,
      config: true,
      seed: true,
      status: true,
      epochsDone: true,
      finalMetric: true,
      error: true,
      _count: { select: { attempts: true } },
    },
  });
  return trials.map((t) => ({
    id: t.id,
    benchmark: t.benchmark,
    configKey: t.configKey,
    config: t.config,
    seed: t.seed,
    status: t.status,
    attempts: t._count.attempts,
    epochsDone: t.epochsDone,
    finalMetric: t.finalMetric,
    error: t.error,
  }));
}
