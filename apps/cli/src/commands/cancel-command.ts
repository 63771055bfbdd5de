import { Command } from "commander";

/** `gemsweep cancel ID`: queued trials are dropped, running ones stop at their next batch. */
export function cancelCommand(): Command {
  return new Command("cancel").argument("<ID>", "sweep id").action(async (id: string) => {
    const { cancelSweep } = await import("../actions/cancel-sweep.js");
    await cancelSweep(id);
  });
}
