import { Command } from "commander";
import { tuningSummaryLines } from "../tuning-summary.js";
import { withOrchestrator } from "../with-orchestrator.js";

/** `gemsweep status ID [--json]`: the sweep's progress; --json lists every trial. */
export function statusCommand(): Command {
  return new Command("status")
    .description(
      "show a sweep's progress (--json lists every trial with id, config, status, attempts)",
    )
    .argument("<ID>", "sweep id")
    .option("--json", "machine-readable, with every trial")
    .action(async (id: string, options: { json?: boolean }) => {
      await withOrchestrator(async ({ storage, orchestrator }) => {
        const sweep = await orchestrator.sweeps.getSweep(id);
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
    });
}
