import { withOrchestrator } from "../with-orchestrator.js";

/** Re-enqueues every trial of the sweep that has not finished; prints how many. */
export async function resumeSweep(ref: string): Promise<void> {
  const { id, requeued } = await withOrchestrator(async ({ storage, orchestrator }) => {
    const { id } = await storage.resolveSweep(ref, "ID");
    return { id, ...(await orchestrator.resume(id)) };
  });
  console.log(`re-enqueued ${requeued} trials of ${id}; run workers with: gemsweep worker`);
}
