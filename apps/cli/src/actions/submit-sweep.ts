import { readSpecFile } from "../read-spec-file.js";
import { withOrchestrator } from "../with-orchestrator.js";

/** Stores and enqueues the sweep; prints its id (or {id, trials} as JSON). */
export async function submitSweep(file: string, options: { json?: boolean }): Promise<void> {
  const text = readSpecFile(file);
  const { id, trials } = await withOrchestrator(({ orchestrator }) => orchestrator.submit(text));
  console.log(options.json ? JSON.stringify({ id, trials }) : id);
  if (!options.json) console.error(`submitted ${trials} trials; watch with: gemsweep status ${id}`);
}
