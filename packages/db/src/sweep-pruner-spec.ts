import { ErrorCode, isGemSweepError, type TrialStage } from "@gemsweep/contracts";
import { type PlanPruner } from "@gemsweep/core";
import type { PrismaClient } from "./prisma-client.js";
import { SweepStore } from "./sweep-store.js";

/**
 * The pruner a sweep's trials of `stage` are stopped early by, as its stored plan records it:
 * a one-stage sweep's `pruner`; a two-stage sweep's tuning scheduler for its TUNE trials and
 * none for its comparison (`{ strategy: none }`). Null when there is no such sweep.
 */
export async function sweepPrunerSpec(prisma: PrismaClient, sweepId: string, stage: TrialStage = "COMPARE"): Promise<PlanPruner | null> {
  try {
    const plan = await new SweepStore(prisma).getSweepPlan(sweepId);
    if (!plan.tuning) return plan.pruner;
    return stage === "TUNE" ? plan.tuning.scheduler : { strategy: "none" };
  } catch (error) {
    if (isGemSweepError(error) && error.code === ErrorCode.NOT_FOUND) return null;
    throw error;
  }
}
