import { Command } from "commander";
import { readSpecFile } from "../read-spec-file.js";
import { withOrchestrator } from "../with-orchestrator.js";

/** `gemsweep submit SPEC`: validate, store and enqueue a sweep on the configured cluster; prints its id. */
export function submitCommand(): Command {
  return new Command("submit")
    .description(
      "submit a sweep (YAML or JSON; - for stdin) to the configured queue; prints the sweep id",
    )
    .argument("<SPEC>", "sweep spec file")
    .option("--json", "print {id, trials} as JSON")
    .action(async (file: string, options: { json?: boolean }) => {
      const text = readSpecFile(file);
      const { id, trials } = await withOrchestrator(({ orchestrator }) =>
        orchestrator.submit(text),
      );
      console.log(options.json ? JSON.stringify({ id, trials }) : id);
      if (!options.json)
        console.error(`submitted ${trials} trials; watch with: gemsweep status ${id}`);
    });
}
