import { type TrialJob } from "@gemsweep/contracts";
import type { PrismaClient } from "./prisma-client.js";
import { trialJobOf } from "./sweep-store.js";
import { TX_OPTIONS } from "./transaction-options.js";
import type { TrialQueue } from "./trial-queue.js";

/**
 * Attempts whose worker stopped heartbeating (killed, partitioned, machine gone) are marked
 * STALLED and their trials go back to QUEUED, so no trial stays RUNNING forever. Returns the
 * jobs to re-enqueue (idempotent: the queue dedupes on the trial's job id).
 *
 * A stale heartbeat alone is not proof of death: after a database outage every worker's
 * heartbeat is old at once. BullMQ's job lock is the liveness the queue itself trusts, so an
 * attempt whose job is still active, waiting or delayed is left alone: the reaper only
 * recovers trials the queue has lost (a Redis that lost data, a job that ran out of retries).
 */
export async function reapStaleAttempts(
  prisma: PrismaClient,
  staleAfterMs: number,
  queue: Pick<TrialQueue, "isPending">,
): Promise<TrialJob[]> {
  const cutoff = new Date(Date.now() - staleAfterMs);
  const where = {
    status: "RUNNING" as const,
    OR: [
      { workerId: null },
      { worker: { lastHeartbeat: { lt: cutoff } } },
      { worker: { status: "STOPPED" as const } },
    ],
    startedAt: { lt: cutoff },
  };
  // Every live worker calls this each heartbeat: the common case (nothing stale) is one cheap read.
  const candidates = await prisma.attempt.findMany({ where, select: { id: true, trialId: true } });
  if (candidates.length === 0) return [];
  const lost: string[] = [];
  for (const attempt of candidates)
    if (!(await queue.isPending(attempt.trialId))) lost.push(attempt.id);
  if (lost.length === 0) return [];
  return prisma.$transaction(async (tx) => {
    const stale = await tx.attempt.findMany({
      where: { ...where, id: { in: lost } },
      select: { id: true, trialId: true },
    });
    if (stale.length === 0) return [];
    await tx.attempt.updateMany({
      where: { id: { in: stale.map((a) => a.id) } },
      data: { status: "STALLED", finishedAt: new Date() },
    });
    const trialIds = [...new Set(stale.map((a) => a.trialId))];
    await tx.trial.updateMany({
      where: { id: { in: trialIds }, status: "RUNNING" },
      data: { status: "QUEUED" },
    });
    const trials = await tx.trial.findMany({ where: { id: { in: trialIds }, status: "QUEUED" } });
    return trials.map(trialJobOf);
  }, TX_OPTIONS);
}
