import { TRIAL_STATUSES } from "@gemsweep/contracts";
import { Gauge, Registry } from "prom-client";
import type { MetricsSnapshot } from "@gemsweep/db";
import type { ServerContext } from "./server-context";

/** Workers whose heartbeat is older than this are not counted as alive. */
const ALIVE_WITHIN_MS = 120_000;

/**
 * The Prometheus registry of one scrape: gauges read from the database (one storage snapshot,
 * taken by the first gauge collected) and the queue at scrape time (no counters kept in memory,
 * so any number of dashboard replicas report the same numbers).
 */
export function metricsRegistry(ctx: ServerContext): Registry {
  let taken: Promise<MetricsSnapshot> | undefined;
  const snapshot = () => (taken ??= ctx.storage.metricsSnapshot({ aliveWithinMs: ALIVE_WITHIN_MS }));
  const registry = new Registry();
  new Gauge({
    name: "gemsweep_trials",
    help: "Trials by status, over all sweeps",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      const { trials } = await snapshot();
      for (const status of TRIAL_STATUSES) this.set({ status }, trials[status]);
    },
  });
  new Gauge({
    name: "gemsweep_sweeps",
    help: "Sweeps by status",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      const { sweeps } = await snapshot();
      for (const [status, n] of Object.entries(sweeps)) this.set({ status }, n);
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
      const byBackend = Object.entries((await snapshot()).workersAlive);
      if (byBackend.length === 0) this.set({ backend: "any" }, 0);
      for (const [backend, n] of byBackend) this.set({ backend }, n);
    },
  });
  return registry;
}
