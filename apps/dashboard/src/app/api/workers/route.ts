import { apiHandler } from "@/server/api-handler";
import { workerListSchema, workersQuerySchema } from "@/server/api-schemas";
import { parseQuery } from "@/server/parse-query";
import { schemaResponse } from "@/server/schema-response";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Workers with a recent heartbeat (`aliveWithinSec`, default 120), or all with `all=1`. */
export const GET = apiHandler("GET /api/workers", async (request) => {
  const query = parseQuery(workersQuerySchema, request);
  const ctx = serverContext();
  const all = query.all === "1" || query.all === "true";
  return schemaResponse(workerListSchema, { workers: await ctx.storage.workerRows({ aliveWithinMs: query.aliveWithinSec * 1000, all }) });
});
