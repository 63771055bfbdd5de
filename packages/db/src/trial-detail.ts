import { ErrorCode, GemSweepError } from "@gemsweep/contracts";
import type { Attempt, EpochMetric, PrismaClient, Trial } from "./prisma-client.js";
import { assertUuid } from "./sweep-store.js";

/** Everything known about one trial: its row, its attempts, its per-epoch metrics. */
export type TrialDetail = Trial & { attempts: Attempt[]; epochs: EpochMetric[] };

/**
 * One trial in full: the resolved config it trains, every attempt (worker, status, error,
 * checkpoint) by number, and the per-epoch curve with layer health by epoch. A 404 when the id
 * is not a trial's.
 */
export async function trialDetail(prisma: PrismaClient, trialId: string): Promise<TrialDetail> {
  const trial = await prisma.trial.findUnique({
    where: { id: assertUuid(trialId, "trial") },
    include: { attempts: { orderBy: { number: "asc" } }, epochs: { orderBy: { epoch: "asc" } } },
  });
  if (!trial) throw new GemSweepError(ErrorCode.NOT_FOUND, `trial ${trialId} not found`);
  return trial;
}
