// Why: `gemsweep token` creates, lists and revokes API tokens in the database (no API, no token
// needed: holding the database credentials is the authority), and records each change in the audit trail.
import { LOCAL_CLI_ACTOR, type ApiScope } from "@gemsweep/contracts";
import type { ApiTokenInfo } from "@gemsweep/db";
import { recordCliAudit } from "../cli-audit.js";
import { withDatabase } from "../with-database.js";

const when = (date: Date | null) =>
  date ? date.toISOString().replace("T", " ").slice(0, 19) : "-";

/** Creates the token and prints it once: the token alone on stdout, what it is on stderr. */
export async function createToken(options: {
  name: string;
  scope: ApiScope;
  json?: boolean;
}): Promise<void> {
  const { token, info } = await withDatabase(async ({ storage }) => {
    const created = await storage.apiTokens.create({
      name: options.name,
      scope: options.scope,
      createdBy: LOCAL_CLI_ACTOR,
    });
    await recordCliAudit(storage, "token.create", created.info.id, {
      name: created.info.name,
      scope: created.info.scope,
    });
    return created;
  });
  if (options.json) {
    console.log(JSON.stringify({ id: info.id, name: info.name, scope: info.scope, token }));
    return;
  }
  console.log(token);
  console.error(
    `created token ${info.name} (id ${info.id}, scope ${info.scope}). It is shown only now: store it; the server keeps only its hash.\n` +
      `use it with: Authorization: Bearer <token>, or the dashboard's "API token" field`,
  );
}

function tokenRow(t: ApiTokenInfo): string[] {
  return [
    t.id,
    t.name,
    t.scope,
    t.createdBy,
    when(t.createdAt),
    when(t.lastUsedAt),
    t.revokedAt ? `${when(t.revokedAt)} by ${t.revokedBy ?? "?"}` : "active",
  ];
}

/** Every token, newest first, as a table (or JSON); never a secret or a hash. */
export async function listTokens(options: { json?: boolean }): Promise<void> {
  const tokens = await withDatabase(({ storage }) => storage.apiTokens.list());
  if (options.json) {
    console.log(JSON.stringify(tokens, null, 2));
    return;
  }
  if (tokens.length === 0) {
    console.log(
      "no API tokens: the API is open unless GEMSWEEP_API_TOKEN is set (create one with gemsweep token create)",
    );
    return;
  }
  const rows = [
    ["ID", "NAME", "SCOPE", "CREATED BY", "CREATED (UTC)", "LAST USED", "STATE"],
    ...tokens.map(tokenRow),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    );
}

/** Revokes the token with this id, or the active token with this name. */
export async function revokeToken(nameOrId: string): Promise<void> {
  const revoked = await withDatabase(async ({ storage }) => {
    const info = await storage.apiTokens.revoke(nameOrId, LOCAL_CLI_ACTOR);
    await recordCliAudit(storage, "token.revoke", info.id, { name: info.name, scope: info.scope });
    return info;
  });
  console.log(`revoked token ${revoked.name} (id ${revoked.id}, scope ${revoked.scope})`);
}
