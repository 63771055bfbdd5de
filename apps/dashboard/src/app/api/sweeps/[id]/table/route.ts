import { apiHandler } from "@/server/api-handler";
import { tableQuerySchema } from "@/server/api-schemas";
import { parseQuery } from "@/server/parse-query";
import { serverContext } from "@/server/server-context";
import { sweepIdOf } from "@/server/sweep-id";
import { sweepTableResponse } from "@/server/sweep-table-response";

export const dynamic = "force-dynamic";

/** The comparison table: `format=json|csv|md|tex`, `metric=final|best`, `pivot=eps:e-gem`, `where=N=1`, `baseline=`. */
export const GET = apiHandler<{ id: string }>("GET /api/sweeps/{id}/table", async (request, { id: ref }) => {
  const query = parseQuery(tableQuerySchema, request);
  const ctx = serverContext();
  const { sweep } = await ctx.orchestrator.sweeps.getSweepSpec(await sweepIdOf(ref));
  return sweepTableResponse(ctx.storage, sweep, query);
});
