import { ErrorCode, GemSweepError } from "@gemsweep/contracts";
import { apiHandler } from "@/server/api-handler";
import { curvesQuerySchema, curvesSchema } from "@/server/api-schemas";
import { parseQuery } from "@/server/parse-query";
import { schemaResponse } from "@/server/schema-response";
import { serverContext } from "@/server/server-context";
import { STORED_CURVE_SPLITS, sweepCurves } from "@/server/sweep-curves";
import { sweepIdOf } from "@/server/sweep-id";

export const dynamic = "force-dynamic";

/** Learning curves per config: the split's metric per epoch, mean / std / min / max over seeds. */
export const GET = apiHandler<{ id: string }>(async (request, { id }) => {
  const query = parseQuery(curvesQuerySchema, request);
  if (!STORED_CURVE_SPLITS.includes(query.split)) {
    const message = `this server's storage has no ${query.split} curves (it has: ${STORED_CURVE_SPLITS.join(", ")})`;
    throw new GemSweepError(ErrorCode.INVALID_INPUT, message, { issues: [{ path: "split", message }] });
  }
  const ctx = serverContext();
  await ctx.storage.sweeps.getSweepSpec(sweepIdOf(id));
  return schemaResponse(curvesSchema, { metric: `${query.split} metric`, split: query.split, splits: STORED_CURVE_SPLITS, curves: await sweepCurves(ctx.storage, id, query.limit) });
});
