import { apiHandler } from "@/server/api-handler";
import { recordAudit } from "@/server/record-audit";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Re-enqueues every trial of the sweep that has not finished (cancelled ones included). */
export const POST = apiHandler<{ id: string }>("POST /api/sweeps/{id}/resume", async (_request, { id }, caller) => {
  const result = await serverContext().orchestrator.resume(id);
  await recordAudit(caller, "sweep.resume", id, { requeued: result.requeued });
  return Response.json({ id, ...result });
});
