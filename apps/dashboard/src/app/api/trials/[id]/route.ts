import { apiHandler } from "@/server/api-handler";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** One trial: config, attempts (with errors), and the per-epoch curve with layer health. */
export const GET = apiHandler<{ id: string }>("GET /api/trials/{id}", async (_request, { id }) => {
  return Response.json(await serverContext().storage.trialDetail(id));
});
