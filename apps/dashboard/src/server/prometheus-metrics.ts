import { TRIAL_STATUSES, SWEEP_STATUSES } from "@gemsweep/contracts";
import { Gauge, Registry } from "prom-client";
import type { ServerContext } from "./server-context";

/** Workers whose heartbeat is older than this are not counted as alive. */
const ALIVE_WITHIN_MS = 120_000;

/**
 * The Prometheus registry: gauges read from the database and the queue at scrape time (no
 * counters kept in memory, so any number of dashboard replicas report the same numbers).
 */
export function metricsRegistry(ctx: ServerContext): Registry {
  const registry = new Registry();
  new Gauge({
    name: "gemsweep_trials",
    help: "Trials by status, over all sweeps",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      const grouped = await ctx.prisma.trial.groupBy({ by: ["status"], _count: { _all: true } });
      for (const status of TRIAL_STATUSES) this.set({ status }, grouped.find((g) => g.status === status)?._count._all ?? 0);
    },
  });
  new Gauge({
    name: "gemsweep_sweeps",
    help: "Sweeps by status",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      const grouped = await ctx.prisma.sweep.groupBy({ by: ["status"], _count: { _all: true } });
      for (const status of SWEEP_STATUSES) {
        this.set({ status }, grouped.find((g) => g.status === status)?._count._all ?? 0);
      }
    },
  });
  new Gauge({
    name: "gemsweep_queue_jobs",
    help: "Jobs in the trial queue by state",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const counts = await ctx.queue.counts();
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  new Gauge({
    name: "gemsweep_workers_alive",
    help: "Workers with a recent heartbeat, by backend",
    labelNames: ["backend"],
    registers: [registry],
    async collect() {
      this.reset();
      const alive = await ctx.workers.list({ aliveWithinMs: ALIVE_WITHIN_MS });
      const byBackend = new Map<string, number>();
      for (const w of alive) byBackend.set(w.backend, (byBackend.get(w.backend) ?? 0) + 1);
      if (byBackend.size === 0) this.set({ backend: "any" }, 0);
      for (const [backend, n] of byBackend) this.set({ backend }, n);
    },
  });
  return registry;
}
