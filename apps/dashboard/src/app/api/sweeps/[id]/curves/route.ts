import { CURVE_SPLITS } from "@gemsweep/contracts";
import { apiHandler } from "@/server/api-handler";
import { curvesQuerySchema, curvesSchema } from "@/server/api-schemas";
import { parseQuery } from "@/server/parse-query";
import { schemaResponse } from "@/server/schema-response";
import { serverContext } from "@/server/server-context";
import { sweepCurves } from "@/server/sweep-curves";
import { sweepIdOf } from "@/server/sweep-id";

export const dynamic = "force-dynamic";

/** Learning curves per config: the split's metric per epoch, mean / std / min / max over seeds. */
export const GET = apiHandler<{ id: string }>("GET /api/sweeps/{id}/curves", async (request, { id: ref }) => {
  const query = parseQuery(curvesQuerySchema, request);
  const ctx = serverContext();
  const id = await sweepIdOf(ref);
  return schemaResponse(curvesSchema, { metric: `${query.split} metric`, split: query.split, splits: [...CURVE_SPLITS], curves: await sweepCurves(ctx.storage, id, query.limit, query.split) });
});
