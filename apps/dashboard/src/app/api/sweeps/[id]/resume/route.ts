import { apiHandler } from "@/server/api-handler";
import { requeuedSchema } from "@/server/api-schemas";
import { recordAudit } from "@/server/record-audit";
import { schemaResponse } from "@/server/schema-response";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Re-enqueues every trial of the sweep that has not finished (cancelled ones included). */
export const POST = apiHandler<{ id: string }>("POST /api/sweeps/{id}/resume", async (_request, { id }, caller) => {
  const result = await serverContext().orchestrator.resume(id);
  await recordAudit(caller, "sweep.resume", id, { requeued: result.requeued });
  return schemaResponse(requeuedSchema, { id, ...result });
});
