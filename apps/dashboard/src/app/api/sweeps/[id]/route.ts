import { apiHandler } from "@/server/api-handler";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** One sweep with its trials' status counts (a GROUP BY on the indexed Trial table). */
export const GET = apiHandler<{ id: string }>("GET /api/sweeps/{id}", async (_request, { id }) => {
  return Response.json(await serverContext().orchestrator.sweeps.getSweep(id));
});
