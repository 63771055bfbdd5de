import { apiHandler } from "@/server/api-handler";
import { requireToken } from "@/server/require-token";
import { requeuedSchema } from "@/server/api-schemas";
import { schemaResponse } from "@/server/schema-response";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Re-enqueues every trial of the sweep that has not finished (cancelled ones included). */
export const POST = apiHandler<{ id: string }>(async (request, { id }) => {
  requireToken(request);
  const result = await serverContext().orchestrator.resume(id);
  return schemaResponse(requeuedSchema, { id, ...result });
});
