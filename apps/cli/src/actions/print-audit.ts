// Why: `gemsweep audit` prints the audit trail from the database: who, when, what, on what, from where.
import type { AuditOptions } from "../commands/audit-command.js";
import { withDatabase } from "../with-database.js";

function detailText(detail: unknown): string {
  if (!detail || typeof detail !== "object") return "";
  return Object.entries(detail as Record<string, unknown>)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(" ");
}

/** The newest events matching the filters, as a table (or JSON with the total). */
export async function printAudit(options: AuditOptions): Promise<void> {
  const trail = await withDatabase(({ storage }) =>
    storage.auditTrail({
      action: options.action,
      actor: options.actor,
      target: options.target,
      since: options.since,
      until: options.until,
      limit: options.limit,
      offset: 0,
    }),
  );
  if (options.json) {
    console.log(JSON.stringify({ events: trail.events, total: trail.total }, null, 2));
    return;
  }
  if (trail.events.length === 0) {
    console.log("no audit events match");
    return;
  }
  const rows = [
    ["TIME (UTC)", "ACTOR", "ACTION", "TARGET", "SOURCE", "DETAIL"],
    ...trail.events.map((e) => [
      e.at.toISOString().replace("T", " ").slice(0, 19),
      e.actor,
      e.action,
      e.target,
      e.source,
      detailText(e.detail),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    );
  if (trail.total > trail.events.length)
    console.error(`${trail.events.length} of ${trail.total} events; --limit shows more`);
}
