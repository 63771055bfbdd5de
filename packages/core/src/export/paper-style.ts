import { activationLabel } from "@gemsweep/contracts";
import * as z from "zod";
import type { ComparisonCell, ComparisonTable, TableColumn } from "../table/comparison-table.js";
import { fixed, signed } from "./format-cell.js";

/**
 * Table styles every export takes: `default` (the metric in its own unit, 4 decimals) and
 * `paper` (the GEM paper's terms: accuracy in percent at 2 decimals, a gap-to-baseline column
 * in points, dead and near-dead units per row).
 */
export const TABLE_STYLES = ["default", "paper"] as const;
export const tableStyleSchema = z.enum(TABLE_STYLES);
export type TableStyle = z.infer<typeof tableStyleSchema>;

/** The paper's precision: decimals of means, stds, gaps and unit percentages. */
export const PAPER_DIGITS = 2;

/** Accuracy is reported in percent (gaps in percentage points); loss and perplexity in their own unit. */
export function paperScale(metric: string): number {
  return metric === "accuracy" ? 100 : 1;
}

export interface PaperColumn {
  benchmark: string;
  title: string;
  metric: string;
  direction: TableColumn["direction"];
  /** What the cell's numbers are in: "%" for accuracy, else the metric's name. */
  unit: string;
  /** What the gap is in: "points" (percentage points) for accuracy, else the metric's name. */
  gapUnit: string;
}

/** One cell in the paper's terms; numbers rounded to PAPER_DIGITS. */
export interface PaperCell {
  n: number;
  /** Mean and sample std over seeds in the column's unit (accuracy × 100). */
  mean: number | null;
  std: number | null;
  /** Mean minus the baseline row's mean (unrounded means), in points for accuracy; null on a baseline row. */
  gap: number | null;
  mark: string;
  best: boolean;
  /** Percent of units dead / near-dead, mean over seeds at the reported epoch; null when not recorded. */
  deadPercent: number | null;
  nearDeadPercent: number | null;
  /** "92.53 ± 0.14", "92.53" (one seed), or what an empty cell says ("pending", "no validation", "–"). */
  text: string;
  /** "+0.12" (with its significance mark), "–" on a baseline row or without a baseline mean. */
  gapText: string;
  deadText: string;
  nearDeadText: string;
}

export interface PaperRow {
  key: string;
  label: string;
  isBaseline: boolean;
  cells: PaperCell[];
}

export interface PaperTable {
  style: "paper";
  digits: number;
  columns: PaperColumn[];
  rows: PaperRow[];
  /** Which epoch the numbers and unit fractions are at. */
  epoch: "final" | "best-validation";
}

/** Rounds at the paper's precision, as the text shows it (no -0). */
function rounded(value: number | null): number | null {
  return value === null ? null : Number(fixed(value, PAPER_DIGITS));
}

function emptyText(cell: ComparisonCell): string {
  if (cell.noValidation > 0) return "no validation";
  return cell.pending > 0 ? "pending" : "–";
}

function percentText(fraction: number | null): string {
  return fraction === null ? "–" : fixed(fraction * 100, PAPER_DIGITS);
}

export function paperColumn(column: TableColumn): PaperColumn {
  const percent = paperScale(column.metric) === 100;
  return {
    benchmark: column.benchmark,
    title: column.title,
    metric: column.metric,
    direction: column.direction,
    unit: percent ? "%" : column.metric,
    gapUnit: percent ? "points" : column.metric,
  };
}

export function paperCell(cell: ComparisonCell, column: TableColumn): PaperCell {
  const scale = paperScale(column.metric);
  const mean = cell.mean === null ? null : cell.mean * scale;
  const std = cell.std === null ? null : cell.std * scale;
  const gap = cell.delta === null ? null : cell.delta * scale;
  const text = mean === null ? emptyText(cell) : std === null ? fixed(mean, PAPER_DIGITS) : `${fixed(mean, PAPER_DIGITS)} ± ${fixed(std, PAPER_DIGITS)}`;
  return {
    n: cell.n,
    mean: rounded(mean),
    std: rounded(std),
    gap: rounded(gap),
    mark: cell.mark,
    best: cell.best,
    deadPercent: rounded(cell.deadFraction === null ? null : cell.deadFraction * 100),
    nearDeadPercent: rounded(cell.nearDeadFraction === null ? null : cell.nearDeadFraction * 100),
    text,
    gapText: gap === null ? "–" : `${signed(gap, PAPER_DIGITS)}${cell.mark}`,
    deadText: percentText(cell.deadFraction),
    nearDeadText: percentText(cell.nearDeadFraction),
  };
}

/** The table in the paper's terms: what the paper-style Markdown, LaTeX, CSV and JSON show. */
export function paperView(table: ComparisonTable): PaperTable {
  return {
    style: "paper",
    digits: PAPER_DIGITS,
    columns: table.columns.map(paperColumn),
    rows: table.rows.map((row) => ({
      key: row.key,
      label: row.label,
      isBaseline: row.isBaseline,
      cells: row.cells.map((c, i) => paperCell(c, table.columns[i]!)),
    })),
    epoch: table.value === "best" ? "best-validation" : "final",
  };
}

/** The baseline as a heading names it ("GELU"), or "baseline" when the table has none or several activations. */
export function baselineName(table: ComparisonTable): string {
  const labels = new Set(table.rows.filter((r) => r.isBaseline).map((r) => (r.activation ? activationLabel(r.activation) : r.label)));
  return labels.size === 1 ? [...labels][0]! : "baseline";
}

/** The sentence under a paper-style table: units, what the gap is, what dead and near-dead mean. */
export function paperLegend(table: ComparisonTable): string {
  const epoch = table.value === "best" ? "the best-validation epoch" : "the final epoch";
  const base = baselineName(table);
  return [
    `Accuracy in % (mean ± sample std over seeds, ${PAPER_DIGITS} decimals); loss and perplexity in their own unit; best per column in bold.`,
    `Gap: X − ${base} from unrounded means, in percentage points for accuracy; marks from the paired t-test vs ${base}.`,
    `Dead: % of units whose output and derivative are exactly zero on every example of the health batch; near-dead: % of units whose pre-activation is negative on ≥ 99% of it; both the mean over seeds at ${epoch}.`,
  ].join(" ");
}
