import { stringify, type Options } from "csv-stringify/sync";
import { HYPER_KEYS, type HyperKey, type HyperValue } from "@gemsweep/contracts";
import type { ComparisonTable } from "../table/comparison-table.js";
import { paperCell, paperColumn, type TableStyle } from "./paper-style.js";

// CSV in long form (one line per cell), RFC 4180 quoting (csv-stringify), CRLF line ends.
// Formula injection: a text cell starting with = + - @ TAB or CR is prefixed with ', so a
// spreadsheet shows it as text; numeric columns are written as numbers and keep their sign.

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe to open in a spreadsheet. */
export function csvSafeText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export const CSV_COLUMNS = [
  "row",
  "label",
  // The row's activation, one column per parameter: plot a metric against eps without parsing keys.
  "activation",
  "N",
  "eps",
  "alpha",
  "baseline",
  "benchmark",
  "metric",
  "direction",
  "n",
  "mean",
  "std",
  "ci95_low",
  "ci95_high",
  "delta",
  "p_value",
  "p_holm",
  "sig",
  "best",
  "failed",
  "pending",
  "seeds",
  // trials without a best epoch because they ran without validation (the "best" table only)
  "no_validation",
  // mean over the cell's seeds at the reported epoch, as fractions of units (0-1)
  "dead_fraction",
  "near_dead_fraction",
] as const;

/**
 * The paper style's extra columns, rounded as its table shows them: the unit ("%" for accuracy),
 * mean and std in it, and the gap to the baseline (percentage points for accuracy).
 */
export const CSV_PAPER_COLUMNS = ["unit", "mean_paper", "std_paper", "gap_points"] as const;

/** How every CSV GemSweep writes is written: CRLF, RFC 4180 quoting, safe text, numbers as numbers. */
export const CSV_WRITE_OPTIONS: Options = {
  record_delimiter: "\r\n",
  // csv-stringify quotes only the full record delimiter; RFC 4180 wants any CR or LF quoted.
  quoted_match: /[\r\n]/,
  cast: {
    string: (v) => csvSafeText(v),
    number: (v) =>
      Number.isFinite(v) ? String(v) : Number.isNaN(v) ? "" : v > 0 ? "Infinity" : "-Infinity",
    boolean: (v) => (v ? "true" : "false"),
  },
};

type CsvValue = string | number | boolean | null;

/** Writes rows of typed values: strings are sanitized, numbers and booleans written as is. */
export function toCsv(
  header: readonly string[],
  records: readonly (readonly CsvValue[])[],
): string {
  return stringify([header.map(csvSafeText), ...records.map((r) => [...r])], CSV_WRITE_OPTIONS);
}

/**
 * The swept hyperparameters, one column each after `alpha` (canonical order): a table axis
 * holds the row's value, a tuned one (two-stage sweeps) the value stage 1 chose for the cell.
 */
export function csvHyperColumns(table: ComparisonTable): HyperKey[] {
  const keys = new Set<HyperKey>([...(table.swept ?? []), ...(table.stage?.tuned?.over ?? [])]);
  return HYPER_KEYS.filter((k) => keys.has(k));
}

function csvValue(value: HyperValue | undefined): CsvValue {
  if (value === undefined) return null;
  return typeof value === "object" ? JSON.stringify(value) : value;
}

/** Long-form CSV; the numbers stay in the metric's unit at full precision in both styles, and `paper` adds CSV_PAPER_COLUMNS. */
export function tableToCsv(table: ComparisonTable, options: { style?: TableStyle } = {}): string {
  const paper = options.style === "paper";
  const hyper = csvHyperColumns(table);
  const alpha = CSV_COLUMNS.indexOf("alpha") + 1;
  const header = [
    ...CSV_COLUMNS.slice(0, alpha),
    ...hyper,
    ...CSV_COLUMNS.slice(alpha),
    ...(paper ? CSV_PAPER_COLUMNS : []),
  ];
  const records: CsvValue[][] = [];
  for (const row of table.rows) {
    table.columns.forEach((col, i) => {
      const c = row.cells[i]!;
      records.push([
        row.key,
        row.label,
        row.activation?.name ?? null,
        row.activation?.N ?? null,
        row.activation?.eps ?? null,
        row.activation?.alpha ?? null,
        ...hyper.map((k) => csvValue(row.swept?.[k] ?? c.chosen?.[k])),
        row.isBaseline,
        col.benchmark,
        col.metric,
        col.direction,
        c.n,
        c.mean,
        c.std,
        c.ci95?.[0] ?? null,
        c.ci95?.[1] ?? null,
        c.delta,
        c.pValue,
        c.pHolm,
        c.mark,
        c.best,
        c.failed,
        c.pending,
        c.seeds.join(" "),
        c.noValidation,
        c.deadFraction,
        c.nearDeadFraction,
        ...(paper ? paperValues(c, col) : []),
      ]);
    });
  }
  return toCsv(header, records);
}

function paperValues(
  cell: ComparisonTable["rows"][number]["cells"][number],
  column: ComparisonTable["columns"][number],
): CsvValue[] {
  const p = paperCell(cell, column);
  return [paperColumn(column).unit, p.mean, p.std, p.gap];
}
