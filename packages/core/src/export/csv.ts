import { stringify } from "csv-stringify/sync";
import type { ComparisonTable } from "../table/comparison-table.js";

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
] as const;

type CsvValue = string | number | boolean | null;

/** Writes rows of typed values: strings are sanitized, numbers and booleans written as is. */
export function toCsv(
  header: readonly string[],
  records: readonly (readonly CsvValue[])[],
): string {
  return stringify([header.map(csvSafeText), ...records.map((r) => [...r])], {
    record_delimiter: "\r\n",
    // csv-stringify quotes only the full record delimiter; RFC 4180 wants any CR or LF quoted.
    quoted_match: /[\r\n]/,
    cast: {
      string: (v) => csvSafeText(v),
      number: (v) =>
        Number.isFinite(v) ? String(v) : Number.isNaN(v) ? "" : v > 0 ? "Infinity" : "-Infinity",
      boolean: (v) => (v ? "true" : "false"),
    },
  });
}

export function tableToCsv(table: ComparisonTable): string {
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
      ]);
    });
  }
  return toCsv(CSV_COLUMNS, records);
}
