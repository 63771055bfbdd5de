import { recordCliAudit } from "../cli-audit.js";
import { withOrchestrator } from "../with-orchestrator.js";

/** Cancels the sweep's open trials; prints how many. */
export async function cancelSweep(ref: string): Promise<void> {
  const { id, cancelled } = await withOrchestrator(async ({ orchestrator, storage }) => {
    const { id } = await storage.resolveSweep(ref, "ID");
    const result = await orchestrator.cancel(id);
    await recordCliAudit(storage, "sweep.cancel", id, { cancelled: result.cancelled });
    return { id, ...result };
  });
  console.log(`cancelled ${cancelled} trials of ${id}`);
}
