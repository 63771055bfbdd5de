import { apiHandler } from "@/server/api-handler";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** One trial (its id or a unique prefix): config, attempts (with errors), and the per-epoch curve with layer health. */
export const GET = apiHandler<{ id: string }>("GET /api/trials/{id}", async (_request, { id: ref }) => {
  const { storage } = serverContext();
  return Response.json(await storage.trialDetail(await storage.resolveTrial(ref, "id")));
});
