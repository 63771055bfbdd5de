import { withOrchestrator } from "../with-orchestrator.js";

/** Re-enqueues every trial of the sweep that has not finished; prints how many. */
export async function resumeSweep(id: string): Promise<void> {
  const { requeued } = await withOrchestrator(({ orchestrator }) => orchestrator.resume(id));
  console.log(`re-enqueued ${requeued} trials of ${id}; run workers with: gemsweep worker`);
}
