import { ErrorCode, isGemSweepError } from "@gemsweep/contracts";
import { type PlanPruner } from "@gemsweep/core";
import type { PrismaClient } from "./prisma-client.js";
import { SweepStore } from "./sweep-store.js";

/**
 * The pruner a sweep asked for, as its stored plan records it (`{ strategy: "none" }` when it
 * asked for none), or null when there is no such sweep.
 */
export async function sweepPrunerSpec(prisma: PrismaClient, sweepId: string): Promise<PlanPruner | null> {
  try {
    return (await new SweepStore(prisma).getSweepPlan(sweepId)).pruner;
  } catch (error) {
    if (isGemSweepError(error) && error.code === ErrorCode.NOT_FOUND) return null;
    throw error;
  }
}
