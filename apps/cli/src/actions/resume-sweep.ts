import { recordCliAudit } from "../cli-audit.js";
import { withOrchestrator } from "../with-orchestrator.js";

/** Re-enqueues every trial of the sweep that has not finished; prints how many. */
export async function resumeSweep(ref: string): Promise<void> {
  const { id, requeued } = await withOrchestrator(async ({ orchestrator, storage }) => {
    const { id } = await storage.resolveSweep(ref, "ID");
    const result = await orchestrator.resume(id);
    await recordCliAudit(storage, "sweep.resume", id, { requeued: result.requeued });
    return { id, ...result };
  });
  console.log(`re-enqueued ${requeued} trials of ${id}; run workers with: gemsweep worker`);
}
