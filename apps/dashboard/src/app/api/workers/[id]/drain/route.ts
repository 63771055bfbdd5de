import { ErrorCode, GemSweepError } from "@gemsweep/contracts";
import { apiHandler } from "@/server/api-handler";
import { drainingSchema } from "@/server/api-schemas";
import { recordAudit } from "@/server/record-audit";
import { schemaResponse } from "@/server/schema-response";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Asks a worker to finish its current trials and take no new ones (seen at its next heartbeat). */
export const POST = apiHandler<{ id: string }>("POST /api/workers/{id}/drain", async (_request, { id }, caller) => {
  const ctx = serverContext();
  const status = await ctx.storage.workerStatus(id);
  if (!status) throw new GemSweepError(ErrorCode.NOT_FOUND, `worker ${id} not found`);
  const draining = await ctx.storage.workers.drain(id);
  await recordAudit(caller, "worker.drain", id, { was: status });
  return schemaResponse(drainingSchema, { id, status: draining ? ("DRAINING" as const) : status });
});
