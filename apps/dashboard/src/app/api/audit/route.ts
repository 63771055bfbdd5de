// Why: admins read who launched, cancelled, resumed, drained, created or revoked what, and from where.
import { apiHandler } from "@/server/api-handler";
import { auditQuerySchema } from "@/server/auth-schemas";
import { parseQuery } from "@/server/parse-query";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** The audit trail, newest first: filter by action, actor, target, since, until; paginated. */
export const GET = apiHandler("GET /api/audit", async (request) => {
  const query = parseQuery(auditQuerySchema, request);
  const trail = await serverContext().storage.auditTrail({
    ...query,
    since: query.since ? new Date(query.since) : undefined,
    until: query.until ? new Date(query.until) : undefined,
  });
  return Response.json(trail, { headers: { "cache-control": "no-store" } });
});
