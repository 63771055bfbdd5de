import type { ListOptions } from "../commands/list-command.js";
import { withDatabase } from "../with-database.js";

function minute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")}Z`;
}

/** Prints sweeps newest first: short id, name, status, trials ended of total, created (UTC); or JSON. */
export async function listSweeps(options: ListOptions): Promise<void> {
  const rows = await withDatabase(({ storage }) =>
    storage.sweepList({ status: options.status, nameContains: options.name, limit: options.limit }),
  );
  if (options.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  if (rows.length === 0) {
    console.log("no sweeps match");
    return;
  }
  const lines = rows.map((r) => [
    r.id.slice(0, 8),
    r.name,
    r.status,
    `${r.ended}/${r.total}${r.total > 0 ? ` (${Math.round((100 * r.ended) / r.total)}%)` : ""}`,
    minute(r.createdAt),
  ]);
  const header = ["ID", "NAME", "STATUS", "PROGRESS", "CREATED"];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  for (const line of [header, ...lines])
    console.log(
      line
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    );
}
