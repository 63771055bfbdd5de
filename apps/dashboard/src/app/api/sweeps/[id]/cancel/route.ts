import { apiHandler } from "@/server/api-handler";
import { cancelledSchema } from "@/server/api-schemas";
import { recordAudit } from "@/server/record-audit";
import { schemaResponse } from "@/server/schema-response";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Cancels every trial that has not ended; running ones stop at their next epoch. */
export const POST = apiHandler<{ id: string }>("POST /api/sweeps/{id}/cancel", async (_request, { id }, caller) => {
  const result = await serverContext().orchestrator.cancel(id);
  await recordAudit(caller, "sweep.cancel", id, { cancelled: result.cancelled });
  return schemaResponse(cancelledSchema, { id, ...result });
});
