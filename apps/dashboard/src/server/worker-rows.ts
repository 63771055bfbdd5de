import type { PrismaClient, WorkerStore } from "@gemsweep/db";

/**
 * The workers page's rows: the registry plus what it does not store, computed in the
 * database: whether the heartbeat is recent, attempts finished, and recent throughput.
 */
export async function workerRows(prisma: PrismaClient, workers: WorkerStore, options: { aliveWithinSec: number; all: boolean }) {
  const aliveWithinMs = options.aliveWithinSec * 1000;
  const list = await workers.list(options.all ? {} : { aliveWithinMs });
  if (list.length === 0) return [];
  const ids = list.map((w) => w.id);
  const [done, speed] = await Promise.all([
    prisma.attempt.groupBy({ by: ["workerId"], where: { workerId: { in: ids }, status: "COMPLETED" }, _count: { _all: true } }),
    prisma.$queryRaw<{ workerId: string; sps: number | null }[]>`
      SELECT a."workerId", avg(e."samplesPerSec") AS sps
      FROM "EpochMetric" e JOIN "Attempt" a ON a.id = e."attemptId"
      WHERE a."workerId" = ANY(${ids}::text[]) AND e."recordedAt" > now() - interval '10 minutes'
      GROUP BY a."workerId"`,
  ]);
  const doneBy = new Map(done.map((d) => [d.workerId, d._count._all]));
  const speedBy = new Map(speed.map((s) => [s.workerId, s.sps === null ? null : Number(s.sps)]));
  const now = Date.now();
  return list.map((w) => ({
    ...w,
    alive: w.status !== "STOPPED" && now - w.lastHeartbeat.getTime() <= aliveWithinMs,
    trialsDone: doneBy.get(w.id) ?? 0,
    samplesPerSec: speedBy.get(w.id) ?? null,
  }));
}
