import { recordCliAudit } from "../cli-audit.js";
import { withOrchestrator } from "../with-orchestrator.js";

/** Cancels the sweep's open trials; prints how many. */
export async function cancelSweep(id: string): Promise<void> {
  const { cancelled } = await withOrchestrator(async ({ orchestrator, storage }) => {
    const result = await orchestrator.cancel(id);
    await recordCliAudit(storage, "sweep.cancel", id, { cancelled: result.cancelled });
    return result;
  });
  console.log(`cancelled ${cancelled} trials of ${id}`);
}
