import { ErrorCode, GemSweepError, isBenchmarkName, type Hyper } from "@gemsweep/contracts";
import { validationOf } from "@gemsweep/core";
import type { Attempt, EpochMetric, PrismaClient, Trial } from "./prisma-client.js";
import { assertUuid } from "./sweep-store.js";

/** Everything known about one trial: its row, its attempts, its per-epoch metrics. */
export type TrialDetail = Trial & {
  attempts: Attempt[];
  epochs: EpochMetric[];
  /** where its validation numbers come from, or "no validation" (then it has no best epoch) */
  validation: string;
};

/**
 * One trial in full: the resolved config it trains, every attempt (worker, status, error,
 * checkpoint) by number, the per-epoch curve (selection, validation and test numbers, the rate)
 * with layer health by epoch, and where its validation comes from. A 404 when the id is not a trial's.
 */
export async function trialDetail(prisma: PrismaClient, trialId: string): Promise<TrialDetail> {
  const trial = await prisma.trial.findUnique({
    where: { id: assertUuid(trialId, "trial") },
    include: { attempts: { orderBy: { number: "asc" } }, epochs: { orderBy: { epoch: "asc" } } },
  });
  if (!trial) throw new GemSweepError(ErrorCode.NOT_FOUND, `trial ${trialId} not found`);
  const hyper = ((trial.config ?? {}) as { hyper?: Partial<Hyper> }).hyper ?? {};
  return { ...trial, validation: isBenchmarkName(trial.benchmark) ? validationOf(trial.benchmark, hyper) : "unknown benchmark" };
}
