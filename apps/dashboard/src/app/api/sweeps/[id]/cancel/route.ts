import { apiHandler } from "@/server/api-handler";
import { requireToken } from "@/server/require-token";
import { cancelledSchema } from "@/server/api-schemas";
import { schemaResponse } from "@/server/schema-response";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Cancels every trial that has not ended; running ones stop at their next epoch. */
export const POST = apiHandler<{ id: string }>(async (request, { id }) => {
  requireToken(request);
  const result = await serverContext().orchestrator.cancel(id);
  return schemaResponse(cancelledSchema, { id, ...result });
});
