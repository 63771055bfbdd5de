// Why: admins revoke a token over HTTP (by id or name); it stops working on the next request.
import { apiHandler } from "@/server/api-handler";
import { recordAudit } from "@/server/record-audit";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Revokes the active token with this id (or, failing that, this name): the revoked token's facts. */
export const POST = apiHandler<{ id: string }>(
  "POST /api/tokens/{id}/revoke",
  async (_request, { id }, caller) => {
    const revoked = await serverContext().storage.apiTokens.revoke(
      decodeURIComponent(id),
      caller.actor,
    );
    await recordAudit(caller, "token.revoke", revoked.id, {
      name: revoked.name,
      scope: revoked.scope,
    });
    return Response.json(revoked);
  },
);
