// Why: CLI mutations go straight to the database, not through the API, so the CLI writes their
// audit rows itself: actor "local CLI", source `cli <os user>@<host>`. Its authority is the
// database credentials it holds, which is also what the audit trail can tell about it.
import { LOCAL_CLI_ACTOR, type AuditAction } from "@gemsweep/contracts";
import type { GemSweepStorage } from "@gemsweep/db";
import os from "node:os";

/** Where a CLI mutation came from: the operating-system user and the machine. */
export function cliSource(): string {
  let user = process.env.USER ?? "unknown";
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry for this uid (a container): the environment's USER it is
  }
  return `cli ${user}@${os.hostname()}`;
}

/** Records a mutation the CLI made; a failed write is a warning (the mutation itself is done). */
export async function recordCliAudit(
  storage: GemSweepStorage,
  action: AuditAction,
  target: string,
  detail?: Record<string, string | number | boolean | null>,
): Promise<void> {
  try {
    await storage.audit.record({
      actor: LOCAL_CLI_ACTOR,
      action,
      target,
      source: cliSource(),
      ...(detail ? { detail } : {}),
    });
  } catch (err) {
    const reason =
      err instanceof Error ? (err.message.split("\n").at(-1) ?? err.name) : String(err);
    console.error(`warning: the audit trail could not record ${action} on ${target}: ${reason}`);
  }
}
