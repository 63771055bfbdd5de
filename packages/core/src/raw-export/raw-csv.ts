// Why: a raw export as CSV, written batch by batch so no more than one batch of rows is held.
import { stringify } from "csv-stringify/sync";
import { CSV_WRITE_OPTIONS } from "../export/csv.js";
import type { RawColumn, RawRecord } from "./raw-export-columns.js";

function cell(value: unknown, column: RawColumn): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case "timestamp":
      return value instanceof Date ? value.toISOString() : String(value);
    case "json":
      return JSON.stringify(value);
    case "int":
    case "double":
      return typeof value === "number" ? value : Number(value);
    case "boolean":
      return Boolean(value);
    case "string":
      return String(value);
  }
}

function lines(rows: readonly (readonly unknown[])[]): string {
  return stringify(rows as unknown[][], CSV_WRITE_OPTIONS);
}

/**
 * CSV text (RFC 4180, CRLF, a header line; text cells that a spreadsheet would run as a formula
 * are prefixed with ', as in the table export), one chunk per batch of rows. Empty is null.
 */
export async function* rawCsvChunks(
  columns: readonly RawColumn[],
  batches: AsyncIterable<readonly RawRecord[]>,
): AsyncGenerator<string> {
  yield lines([columns.map((c) => c.name)]);
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    yield lines(batch.map((record) => columns.map((c) => cell(record[c.name], c))));
  }
}
