import { tuningSummaryLines } from "../tuning-summary.js";
import { withDatabase } from "../with-database.js";

/** Prints the sweep's counts by status and a two-stage sweep's choices; with `json`, the sweep and every trial as JSON. */
export async function printStatus(ref: string, options: { json?: boolean }): Promise<void> {
  await withDatabase(async ({ storage }) => {
    const { id } = await storage.resolveSweep(ref, "ID");
    const sweep = await storage.sweeps.getSweep(id);
    if (options.json) {
      const trials = await storage.sweepTrialList(id);
      console.log(JSON.stringify({ ...sweep, trials }, null, 2));
      return;
    }
    const done = sweep.total - sweep.counts.WAITING - sweep.counts.QUEUED - sweep.counts.RUNNING;
    console.log(
      `${sweep.name} (${sweep.id})  ${sweep.status}  ${done}/${sweep.total} trials ended`,
    );
    for (const [status, n] of Object.entries(sweep.counts))
      if (n > 0) console.log(`  ${status.padEnd(10)} ${n}`);
    for (const line of tuningSummaryLines(await storage.sweepTuning(id))) console.log(line);
  });
}
