import { Command } from "commander";

/** `gemsweep submit SPEC`: validate, store and enqueue a sweep on the configured cluster; prints its id. */
export function submitCommand(): Command {
  return new Command("submit")
    .argument("<SPEC>", "sweep spec file")
    .option("--json", "print {id, trials} as JSON")
    .action(async (file: string, options: { json?: boolean }) => {
      const { submitSweep } = await import("../actions/submit-sweep.js");
      await submitSweep(file, options);
    });
}
