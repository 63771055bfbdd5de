import { Command } from "commander";
import { TrialStore } from "@gemsweep/db";
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
      await withOrchestrator(async ({ prisma, orchestrator }) => {
        const sweep = await orchestrator.sweeps.getSweep(id);
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
    });
}
