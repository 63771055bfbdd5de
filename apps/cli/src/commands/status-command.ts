import { Command } from "commander";
import { SWEEP_REF_HELP } from "../sweep-ref-help.js";

/** `gemsweep status ID [--json]`: the sweep's progress; --json lists every trial. */
export function statusCommand(): Command {
  return new Command("status")
    .argument("<ID>", SWEEP_REF_HELP)
    .option("--json", "machine-readable, with every trial")
    .action(async (id: string, options: { json?: boolean }) => {
      const { printStatus } = await import("../actions/print-status.js");
      await printStatus(id, options);
    });
}
