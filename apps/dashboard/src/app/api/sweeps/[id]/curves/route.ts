import { apiHandler } from "@/server/api-handler";
import { curvesQuerySchema } from "@/server/api-schemas";
import { parseQuery } from "@/server/parse-query";
import { serverContext } from "@/server/server-context";
import { sweepCurves } from "@/server/sweep-curves";
import { sweepIdOf } from "@/server/sweep-id";

export const dynamic = "force-dynamic";

/** Learning curves per config: test metric per epoch, mean / std / min / max over seeds. */
export const GET = apiHandler<{ id: string }>("GET /api/sweeps/{id}/curves", async (request, { id }) => {
  const query = parseQuery(curvesQuerySchema, request);
  const ctx = serverContext();
  await ctx.orchestrator.sweeps.getSweepSpec(sweepIdOf(id));
  return Response.json({ metric: "test metric", curves: await sweepCurves(ctx.storage, id, query.limit) });
});
