import { apiHandler } from "@/server/api-handler";
import { trialPageSchema, trialsQuerySchema } from "@/server/api-schemas";
import { parseQuery } from "@/server/parse-query";
import { schemaResponse } from "@/server/schema-response";
import { serverContext } from "@/server/server-context";
import { sweepIdOf } from "@/server/sweep-id";

export const dynamic = "force-dynamic";

/** A page of the sweep's trials (`limit`, `offset`, optional `status`), with the total. */
export const GET = apiHandler<{ id: string }>("GET /api/sweeps/{id}/trials", async (request, { id: ref }) => {
  const query = parseQuery(trialsQuerySchema, request);
  const ctx = serverContext();
  const id = await sweepIdOf(ref); // 404 for an unknown sweep
  return schemaResponse(trialPageSchema, await ctx.storage.trialPage(id, query));
});
