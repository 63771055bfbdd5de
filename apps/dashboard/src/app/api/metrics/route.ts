import { apiHandler } from "@/server/api-handler";
import { metricsRegistry } from "@/server/prometheus-metrics";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Prometheus text: trials and sweeps by status, queue depth by state, workers alive. */
export const GET = apiHandler("GET /api/metrics", async () => {
  const registry = metricsRegistry(serverContext());
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
});
