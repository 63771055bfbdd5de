import { Command } from "commander";

/** `gemsweep resume ID`: everything not finished goes back on the queue, nothing twice. */
export function resumeCommand(): Command {
  return new Command("resume").argument("<ID>", "sweep id").action(async (id: string) => {
    const { resumeSweep } = await import("../actions/resume-sweep.js");
    await resumeSweep(id);
  });
}
