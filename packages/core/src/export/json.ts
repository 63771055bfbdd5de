import type { ComparisonTable } from "../table/comparison-table.js";
import { paperView, type TableStyle } from "./paper-style.js";

/**
 * The table as JSON; non-finite numbers (a t of +-inf never reaches the table) become null.
 * The paper style adds `style: "paper"` and `paper`: the cells as the paper-style table shows them.
 */
export function tableToJson(table: ComparisonTable, indent = 2, options: { style?: TableStyle } = {}): string {
  const body = options.style === "paper" ? { ...table, style: "paper", paper: paperView(table) } : table;
  return `${JSON.stringify(body, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), indent)}\n`;
}
