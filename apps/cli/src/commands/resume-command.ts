import { Command } from "commander";
import { SWEEP_REF_HELP } from "../sweep-ref-help.js";

/** `gemsweep resume ID`: everything not finished goes back on the queue, nothing twice. */
export function resumeCommand(): Command {
  return new Command("resume").argument("<ID>", SWEEP_REF_HELP).action(async (id: string) => {
    const { resumeSweep } = await import("../actions/resume-sweep.js");
    await resumeSweep(id);
  });
}
