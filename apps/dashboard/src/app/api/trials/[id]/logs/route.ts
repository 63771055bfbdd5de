// Why: GET /api/trials/:id/logs, a trial's log lines after a cursor (the trial page follows it while the trial runs).
import { apiHandler } from "@/server/api-handler";
import { parseQuery } from "@/server/parse-query";
import { trialLogsQuerySchema, trialLogsSchema } from "@/server/research-schemas";
import { schemaResponse } from "@/server/schema-response";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Lines of every attempt, oldest first, after `after`; `next` is the cursor for the next read. */
export const GET = apiHandler<{ id: string }>("GET /api/trials/{id}/logs", async (request, { id: ref }) => {
  const query = parseQuery(trialLogsQuerySchema, request);
  const { storage } = serverContext();
  const id = await storage.resolveTrial(ref, "id");
  return schemaResponse(trialLogsSchema, await storage.trialLogs(id, query));
});
