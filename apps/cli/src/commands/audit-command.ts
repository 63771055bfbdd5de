// Why: `gemsweep audit` reads the audit trail where the database is, with the same filters as GET /api/audit.
import { AUDIT_ACTIONS, type AuditAction } from "@gemsweep/contracts";
import { Command, InvalidArgumentError } from "commander";
import { positiveIntOption } from "./positive-int-option.js";

export interface AuditOptions {
  action?: AuditAction;
  actor?: string;
  target?: string;
  since?: Date;
  until?: Date;
  limit: number;
  json?: boolean;
}

function actionOf(value: string): AuditAction {
  if (!(AUDIT_ACTIONS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`action must be one of ${AUDIT_ACTIONS.join(", ")}`);
  return value as AuditAction;
}

function timeOf(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new InvalidArgumentError(
      "expected a date or time, e.g. 2026-11-30 or 2026-11-30T12:00:00Z",
    );
  return date;
}

/** `gemsweep audit [filters] [--json]`: who launched, cancelled, resumed, drained or managed tokens, when and from where. */
export function auditCommand(): Command {
  return new Command("audit")
    .option("--action <ACTION>", `only this action: ${AUDIT_ACTIONS.join(", ")}`, actionOf)
    .option("--actor <NAME>", "only this actor: a token name, bootstrap, local CLI")
    .option("--target <ID>", "only this target: a sweep, worker or token id")
    .option("--since <TIME>", "at or after this time (ISO 8601)", timeOf)
    .option("--until <TIME>", "before this time (ISO 8601)", timeOf)
    .option("--limit <N>", "most events to print, newest first", positiveIntOption("limit"), 50)
    .option("--json", "print {events, total} as JSON")
    .action(async (options: AuditOptions) => {
      const { printAudit } = await import("../actions/print-audit.js");
      await printAudit(options);
    });
}
