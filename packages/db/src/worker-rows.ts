import type { PrismaClient, Worker } from "./prisma-client.js";

/** A registered worker with what the registry does not store, computed in the database. */
export type WorkerRow = Worker & {
  /** not stopped, and heartbeating within aliveWithinMs */
  alive: boolean;
  /** attempts it finished as COMPLETED */
  trialsDone: number;
  /** mean samples/s of its epochs recorded in the last 10 minutes */
  samplesPerSec: number | null;
};

/** The most workers one answer lists (newest first). */
const MOST_WORKERS = 500;

/**
 * The workers page's rows, newest first: with `all`, every registered worker; otherwise those
 * not stopped whose heartbeat is within `aliveWithinMs`. Each with whether it is alive, the
 * attempts it completed, and its recent throughput (three indexed reads for the whole list).
 */
export async function workerRows(
  prisma: PrismaClient,
  options: { aliveWithinMs: number; all: boolean },
): Promise<WorkerRow[]> {
  const since = new Date(Date.now() - options.aliveWithinMs);
  const list = await prisma.worker.findMany({
    where: options.all ? {} : { lastHeartbeat: { gte: since }, status: { not: "STOPPED" } },
    orderBy: { startedAt: "desc" },
    take: MOST_WORKERS,
  });
  if (list.length === 0) return [];
  const ids = list.map((w) => w.id);
  const [done, speed] = await Promise.all([
    prisma.attempt.groupBy({
      by: ["workerId"],
      where: { workerId: { in: ids }, status: "COMPLETED" },
      _count: { _all: true },
    }),
    prisma.$queryRaw<{ workerId: string; sps: number | null }[]>`
      SELECT a."workerId", avg(e."samplesPerSec") AS sps
      FROM "EpochMetric" e JOIN "Attempt" a ON a.id = e."attemptId"
      WHERE a."workerId" = ANY(${ids}::text[]) AND e."recordedAt" > timezone('UTC', now()) - interval '10 minutes'
      GROUP BY a."workerId"`,
  ]);
  const doneBy = new Map(done.map((d) => [d.workerId, d._count._all]));
  const speedBy = new Map(speed.map((s) => [s.workerId, s.sps === null ? null : Number(s.sps)]));
  return list.map((w) => ({
    ...w,
    alive: w.status !== "STOPPED" && w.lastHeartbeat.getTime() >= since.getTime(),
    trialsDone: doneBy.get(w.id) ?? 0,
    samplesPerSec: speedBy.get(w.id) ?? null,
  }));
}
