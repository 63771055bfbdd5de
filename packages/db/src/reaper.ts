import type { TrialJob } from "@gemsweep/core";
import type { PrismaClient } from "./prisma-client.js";
import { trialJobOf } from "./sweep-store.js";

/**
 * Attempts whose worker stopped heartbeating (killed, partitioned, machine gone) are marked
 * STALLED and their trials go back to QUEUED, so no trial stays RUNNING forever. Returns the
 * jobs to re-enqueue (idempotent: the queue dedupes on the trial's job id).
 */
export async function reapStaleAttempts(prisma: PrismaClient, staleAfterMs: number): Promise<TrialJob[]> {
  const cutoff = new Date(Date.now() - staleAfterMs);
  return prisma.$transaction(async (tx) => {
    const stale = await tx.attempt.findMany({
      where: {
        status: "RUNNING",
        OR: [{ workerId: null }, { worker: { lastHeartbeat: { lt: cutoff } } }, { worker: { status: "STOPPED" } }],
        startedAt: { lt: cutoff },
      },
      select: { id: true, trialId: true },
    });
    if (stale.length === 0) return [];
    await tx.attempt.updateMany({ where: { id: { in: stale.map((a) => a.id) } }, data: { status: "STALLED", finishedAt: new Date() } });
    const trialIds = [...new Set(stale.map((a) => a.trialId))];
    await tx.trial.updateMany({ where: { id: { in: trialIds }, status: "RUNNING" }, data: { status: "QUEUED" } });
    const trials = await tx.trial.findMany({ where: { id: { in: trialIds }, status: "QUEUED" } });
    return trials.map(trialJobOf);
  });
}
