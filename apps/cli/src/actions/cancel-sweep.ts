import { withOrchestrator } from "../with-orchestrator.js";

/** Cancels the sweep's open trials; prints how many. */
export async function cancelSweep(ref: string): Promise<void> {
  const { id, cancelled } = await withOrchestrator(async ({ storage, orchestrator }) => {
    const { id } = await storage.resolveSweep(ref, "ID");
    return { id, ...(await orchestrator.cancel(id)) };
  });
  console.log(`cancelled ${cancelled} trials of ${id}`);
}
