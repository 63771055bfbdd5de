import type { ComparisonCell, ComparisonTable, TableColumn } from "../table/comparison-table.js";

// Number formatting shared by the human-readable exports (Markdown, LaTeX).

export interface CellFormatOptions {
  /** Decimals of means, stds and deltas (default 4). */
  digits?: number;
  /** Show the delta vs the baseline in each non-baseline cell (default true). */
  showDelta?: boolean;
  /** Show n when it differs from the column's largest n (default true): flags missing seeds. */
  showN?: boolean;
}

export function fixed(value: number, digits: number): string {
  const s = value.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s; // no "-0.0000"
}

export function signed(value: number, digits: number): string {
  const s = fixed(value, digits);
  return value > 0 && !/^0\.?0*$/.test(s) ? `+${s}` : s;
}

export function columnMaxN(table: ComparisonTable, col: number): number {
  let n = 0;
  for (const row of table.rows) n = Math.max(n, row.cells[col]?.n ?? 0);
  return n;
}

export const ARROW = { max: "↑", min: "↓" } as const;

export function columnHeading(column: TableColumn): string {
  return `${column.title} (${column.metric} ${ARROW[column.direction]})`;
}

/** What an empty cell says: its trials ran without validation (no best epoch), are still running, or nothing. */
export function emptyCellText(cell: ComparisonCell, dash: string): string {
  if (cell.noValidation > 0) return "no validation";
  return cell.pending > 0 ? "pending" : dash;
}

/** "mean ± std" as plain text, or null for an empty cell. */
export function meanStd(
  cell: ComparisonCell,
  digits: number,
): { mean: string; std: string | null } | null {
  if (cell.mean === null) return null;
  return {
    mean: fixed(cell.mean, digits),
    std: cell.std === null ? null : fixed(cell.std, digits),
  };
}
