import { apiHandler } from "@/server/api-handler";
import { healthCheck } from "@/server/health-check";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Redis and Postgres reachability: 200 when both answer, 503 otherwise. */
export const GET = apiHandler("GET /api/health", async () => {
  const ctx = serverContext();
  const health = await healthCheck(ctx.storage, ctx.redisUrl);
  return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
});
