import { apiHandler } from "@/server/api-handler";
import { sweepDetailSchema } from "@/server/api-schemas";
import { schemaResponse } from "@/server/schema-response";
import { serverContext } from "@/server/server-context";
import { sweepIdOf } from "@/server/sweep-id";

export const dynamic = "force-dynamic";

/** One sweep: its trials' status counts (a GROUP BY on the indexed Trial table) and the spec as submitted. */
export const GET = apiHandler<{ id: string }>("GET /api/sweeps/{id}", async (_request, { id: ref }) => {
  const { plan: _plan, ...detail } = await serverContext().storage.sweepDetail(await sweepIdOf(ref));
  return schemaResponse(sweepDetailSchema, detail);
});
