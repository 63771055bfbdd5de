// Why: `gemsweep token` is how an operator makes the first token (and every later one) without the API.
import { API_SCOPES, API_SCOPE_MEANING, type ApiScope } from "@gemsweep/contracts";
import { Command, InvalidArgumentError } from "commander";

function scopeOf(value: string): ApiScope {
  if (!(API_SCOPES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`scope must be one of ${API_SCOPES.join(", ")}`);
  return value as ApiScope;
}

/** `gemsweep token create|list|revoke`: scoped API tokens, managed straight in the database. */
export function tokenCommand(): Command {
  const command = new Command("token");
  const load = () => import("../actions/api-tokens.js");
  command
    .command("create")
    .description(
      "create a scoped API token and print it (shown this once; only its hash is stored)",
    )
    .requiredOption(
      "--name <NAME>",
      "who or what holds it: 1-64 letters, digits, '.', '_', '@', '-'",
    )
    .requiredOption(
      "--scope <SCOPE>",
      API_SCOPES.map((s) => `${s}: ${API_SCOPE_MEANING[s]}`).join("; "),
      scopeOf,
    )
    .option("--json", "print {id, name, scope, token} as JSON")
    .action(async (options: { name: string; scope: ApiScope; json?: boolean }) =>
      (await load()).createToken(options),
    );
  command
    .command("list")
    .description(
      "list every token (revoked ones too): id, name, scope, created, last used, revoked",
    )
    .option("--json", "print as JSON")
    .action(async (options: { json?: boolean }) => (await load()).listTokens(options));
  command
    .command("revoke")
    .description("revoke a token by id or by the name of an active token; it stops working at once")
    .argument("<NAME|ID>", "the token's id (from token list) or its name")
    .action(async (nameOrId: string) => (await load()).revokeToken(nameOrId));
  return command;
}
