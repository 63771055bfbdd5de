import { SweepStore, TrialStore } from "@gemsweep/db";
import { withDatabase } from "../with-database.js";

/** Prints the sweep's counts by status; with `json`, the sweep and every trial as JSON. */
export async function printStatus(id: string, options: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ prisma }) => {
    const sweep = await new SweepStore(prisma).getSweep(id);
    if (options.json) {
      const trials = await new TrialStore(prisma).listTrials(id, { limit: 100_000 });
      const rows = trials.map((t) => ({
        id: t.id,
        benchmark: t.benchmark,
        configKey: t.configKey,
        config: t.config,
        seed: t.seed,
        status: t.status,
        attempts: t._count.attempts,
        epochsDone: t.epochsDone,
        finalMetric: t.finalMetric,
        error: t.error,
      }));
      console.log(JSON.stringify({ ...sweep, trials: rows }, null, 2));
      return;
    }
    const done = sweep.total - sweep.counts.QUEUED - sweep.counts.RUNNING;
    console.log(
      `${sweep.name} (${sweep.id})  ${sweep.status}  ${done}/${sweep.total} trials ended`,
    );
    for (const [status, n] of Object.entries(sweep.counts))
      if (n > 0) console.log(`  ${status.padEnd(10)} ${n}`);
  });
}
