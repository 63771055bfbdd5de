// Why: a raw export as JSON Lines (one object per row), written batch by batch.
import type { RawColumn, RawRecord } from "./raw-export-columns.js";

function value(v: unknown, column: RawColumn): unknown {
  if (v === null || v === undefined) return null;
  if (column.type === "timestamp") return v instanceof Date ? v.toISOString() : String(v);
  if (
    (column.type === "int" || column.type === "double") &&
    typeof v === "number" &&
    !Number.isFinite(v)
  )
    return null;
  return v;
}

/** One JSON object per line with every column (null where empty; non-finite numbers are null), one chunk per batch. */
export async function* rawJsonlChunks(
  columns: readonly RawColumn[],
  batches: AsyncIterable<readonly RawRecord[]>,
): AsyncGenerator<string> {
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    let text = "";
    for (const record of batch) {
      const row: Record<string, unknown> = {};
      for (const c of columns) row[c.name] = value(record[c.name], c);
      text += `${JSON.stringify(row)}\n`;
    }
    yield text;
  }
}
