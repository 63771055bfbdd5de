// Why: admins list and create scoped API tokens over HTTP, as `gemsweep token` does locally.
import { ErrorCode, parseOrThrow } from "@gemsweep/contracts";
import { apiHandler } from "@/server/api-handler";
import { tokenCreateBodySchema } from "@/server/auth-schemas";
import { readBodyText } from "@/server/read-body";
import { recordAudit } from "@/server/record-audit";
import { serverContext } from "@/server/server-context";

export const dynamic = "force-dynamic";

/** Every token ever created, newest first (revoked ones included); never a secret or a hash. */
export const GET = apiHandler("GET /api/tokens", async () => {
  return Response.json(
    { tokens: await serverContext().storage.apiTokens.list() },
    { headers: { "cache-control": "no-store" } },
  );
});

/** Creates a token `{name, scope}`: 201 with the token, shown this once. */
export const POST = apiHandler("POST /api/tokens", async (request, _params, caller) => {
  let body: unknown;
  try {
    body = JSON.parse((await readBodyText(request, 4096)) || "null");
  } catch {
    body = undefined;
  }
  const input = parseOrThrow(tokenCreateBodySchema, body, "token", ErrorCode.INVALID_INPUT);
  const { token, info } = await serverContext().storage.apiTokens.create({
    ...input,
    createdBy: caller.actor,
  });
  await recordAudit(caller, "token.create", info.id, { name: info.name, scope: info.scope });
  return Response.json(
    { ...info, token },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
});
