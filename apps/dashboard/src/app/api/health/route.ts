import { apiHandler } from "@/server/api-handler";
import { healthSchema } from "@/server/api-schemas";
import { healthCheck } from "@/server/health-check";
import { schemaResponse } from "@/server/schema-response";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Redis and Postgres reachability: 200 when both answer, 503 otherwise. */
export const GET = apiHandler("GET /api/health", async () => {
  const ctx = serverContext();
  const health = await healthCheck(ctx.storage, ctx.redisUrl);
  return schemaResponse(healthSchema, health, { status: health.status === "ok" ? 200 : 503 });
});
