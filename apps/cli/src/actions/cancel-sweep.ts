import { withOrchestrator } from "../with-orchestrator.js";

/** Cancels the sweep's open trials; prints how many. */
export async function cancelSweep(id: string): Promise<void> {
  const { cancelled } = await withOrchestrator(({ orchestrator }) => orchestrator.cancel(id));
  console.log(`cancelled ${cancelled} trials of ${id}`);
}
