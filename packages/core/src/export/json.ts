import type { ComparisonTable } from "../table/comparison-table.js";

/** The table as JSON; non-finite numbers (a t of +-inf never reaches the table) become null. */
export function tableToJson(table: ComparisonTable, indent = 2): string {
  return `${JSON.stringify(table, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), indent)}\n`;
}
