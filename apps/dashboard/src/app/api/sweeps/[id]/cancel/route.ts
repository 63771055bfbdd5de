import { apiHandler } from "@/server/api-handler";
import { recordAudit } from "@/server/record-audit";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Cancels every trial that has not ended; running ones stop at their next epoch. */
export const POST = apiHandler<{ id: string }>("POST /api/sweeps/{id}/cancel", async (_request, { id }, caller) => {
  const result = await serverContext().orchestrator.cancel(id);
  await recordAudit(caller, "sweep.cancel", id, { cancelled: result.cancelled });
  return Response.json({ id, ...result });
});
