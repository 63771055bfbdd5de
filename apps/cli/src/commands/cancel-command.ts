import { Command } from "commander";
import { SWEEP_REF_HELP } from "../sweep-ref-help.js";

/** `gemsweep cancel ID`: queued trials are dropped, running ones stop at their next batch. */
export function cancelCommand(): Command {
  return new Command("cancel").argument("<ID>", SWEEP_REF_HELP).action(async (id: string) => {
    const { cancelSweep } = await import("../actions/cancel-sweep.js");
    await cancelSweep(id);
  });
}
