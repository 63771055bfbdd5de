import { recordCliAudit } from "../cli-audit.js";
import { readSpecFile } from "../read-spec-file.js";
import { withOrchestrator } from "../with-orchestrator.js";

/** Stores and enqueues the sweep; prints its id (or {id, trials} as JSON). */
export async function submitSweep(file: string, options: { json?: boolean }): Promise<void> {
  const text = readSpecFile(file);
  const { id, trials } = await withOrchestrator(async ({ orchestrator, storage }) => {
    const created = await orchestrator.submit(text);
    await recordCliAudit(storage, "sweep.launch", created.id, {
      trials: created.trials,
      via: "submit",
    });
    return created;
  });
  console.log(options.json ? JSON.stringify({ id, trials }) : id);
  if (!options.json) console.error(`submitted ${trials} trials; watch with: gemsweep status ${id}`);
}
