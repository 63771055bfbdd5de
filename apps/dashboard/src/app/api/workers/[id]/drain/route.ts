import { ErrorCode, GemSweepError } from "@gemsweep/contracts";
import { apiHandler } from "@/server/api-handler";
import { requireToken } from "@/server/require-token";
import { drainingSchema } from "@/server/api-schemas";
import { schemaResponse } from "@/server/schema-response";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Asks a worker to finish its current trials and take no new ones (seen at its next heartbeat). */
export const POST = apiHandler<{ id: string }>(async (request, { id }) => {
  requireToken(request);
  const ctx = serverContext();
  const status = await ctx.storage.workerStatus(id);
  if (!status) throw new GemSweepError(ErrorCode.NOT_FOUND, `worker ${id} not found`);
  const draining = await ctx.storage.workers.drain(id);
  return schemaResponse(drainingSchema, { id, status: draining ? ("DRAINING" as const) : status });
});
