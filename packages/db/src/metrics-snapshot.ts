import { TRIAL_STATUSES } from "@gemsweep/contracts";
import type { PrismaClient, SweepStatus } from "./prisma-client.js";
import type { StatusCounts } from "./sweep-store.js";

const SWEEP_STATUSES: readonly SweepStatus[] = [
  "QUEUED",
  "RUNNING",
  "COMPLETED",
  "CANCELLED",
  "FAILED",
];

/** The system's state in counts, as a Prometheus scrape reports it. */
export interface MetricsSnapshot {
  /** trials by status, over all sweeps (every status present, zero when none) */
  trials: StatusCounts;
  /** sweeps by status (every status present) */
  sweeps: Record<SweepStatus, number>;
  /** workers not stopped whose heartbeat is within aliveWithinMs, by backend (only backends seen) */
  workersAlive: Record<string, number>;
}

/**
 * Counts read at scrape time from the database (no counters in memory, so any number of
 * dashboard replicas report the same numbers): three grouped reads, one per gauge.
 */
export async function metricsSnapshot(
  prisma: PrismaClient,
  options: { aliveWithinMs: number },
): Promise<MetricsSnapshot> {
  const since = new Date(Date.now() - options.aliveWithinMs);
  const [trials, sweeps, workers] = await Promise.all([
    prisma.trial.groupBy({ by: ["status"], _count: { _all: true } }),
    prisma.sweep.groupBy({ by: ["status"], _count: { _all: true } }),
    prisma.worker.groupBy({
      by: ["backend"],
      where: { lastHeartbeat: { gte: since }, status: { not: "STOPPED" } },
      _count: { _all: true },
    }),
  ]);
  const countOf = (rows: { status: string; _count: { _all: number } }[], status: string) =>
    rows.find((r) => r.status === status)?._count._all ?? 0;
  return {
    trials: Object.fromEntries(TRIAL_STATUSES.map((s) => [s, countOf(trials, s)])) as StatusCounts,
    sweeps: Object.fromEntries(SWEEP_STATUSES.map((s) => [s, countOf(sweeps, s)])) as Record<
      SweepStatus,
      number
    >,
    workersAlive: Object.fromEntries(workers.map((w) => [w.backend, w._count._all])),
  };
}
