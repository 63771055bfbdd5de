// Why: API mutations write their audit row through here, after they succeed: who (the caller),
// what, on what, from where. A failed write is logged loudly but does not undo the mutation.
import type { AuditAction } from "@gemsweep/contracts";
import type { ApiCaller } from "./api-caller";
import { serverContext } from "./server-context";

export async function recordAudit(
  caller: ApiCaller,
  action: AuditAction,
  target: string,
  detail?: Record<string, string | number | boolean | null>,
): Promise<void> {
  try {
    await serverContext().storage.audit.record({
      actor: caller.actor,
      tokenId: caller.tokenId,
      action,
      target,
      source: caller.source,
      ...(detail ? { detail } : {}),
    });
  } catch (err) {
    const reason =
      err instanceof Error ? (err.message.split("\n").at(-1) ?? err.name) : String(err);
    console.error(
      `[gemsweep audit] could not record ${action} on ${target} by ${caller.actor}: ${reason}`,
    );
  }
}
