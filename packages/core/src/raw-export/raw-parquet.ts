// Why: a raw export as Parquet (hyparquet-writer), one row group at a time, so a million rows never sit in memory together.
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import type { RawColumn, RawRecord } from "./raw-export-columns.js";

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]["schema"][number];

/** Rows per row group: about 50k x 40 columns of values are held while a group is encoded. */
export const PARQUET_ROW_GROUP_ROWS = 50_000;

function schemaElement(column: RawColumn): SchemaElement {
  const optional = { name: column.name, repetition_type: "OPTIONAL" } as const;
  switch (column.type) {
    case "string":
    case "json":
      return { ...optional, type: "BYTE_ARRAY", converted_type: "UTF8" };
    case "int":
      return { ...optional, type: "INT32" };
    case "double":
      return { ...optional, type: "DOUBLE" };
    case "boolean":
      return { ...optional, type: "BOOLEAN" };
    case "timestamp":
      return { ...optional, type: "INT64", converted_type: "TIMESTAMP_MILLIS" };
  }
}

function parquetValue(value: unknown, column: RawColumn): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case "json":
      return JSON.stringify(value);
    case "string":
      return String(value);
    case "timestamp":
      return value instanceof Date ? value : new Date(String(value));
    default:
      return value;
  }
}

/** A hyparquet-writer Writer whose bytes are taken out after each row group (its flush), not kept. */
class ChunkedWriter extends ByteWriter {
  readonly chunks: Uint8Array[] = [];

  flush(): void {
    if (this.index === 0) return;
    this.chunks.push(new Uint8Array(this.buffer.slice(0, this.index)));
    this.index = 0;
  }

  override finish(): void {
    this.flush();
  }

  take(): Uint8Array[] {
    return this.chunks.splice(0, this.chunks.length);
  }
}

/**
 * Parquet bytes (Snappy-compressed pages, every column OPTIONAL: strings and JSON as UTF8,
 * timestamps as INT64 TIMESTAMP_MILLIS), yielded after each row group of `rowGroupRows` rows and
 * at the end (the footer). Only the current group's values are held.
 */
export async function* rawParquetChunks(
  columns: readonly RawColumn[],
  batches: AsyncIterable<readonly RawRecord[]>,
  options: { rowGroupRows?: number; createdBy?: string } = {},
): AsyncGenerator<Uint8Array> {
  const groupRows = options.rowGroupRows ?? PARQUET_ROW_GROUP_ROWS;
  const writer = new ChunkedWriter(1 << 20);
  const parquet = new ParquetWriter({
    writer,
    schema: [{ name: "root", num_children: columns.length }, ...columns.map(schemaElement)],
    createdBy: options.createdBy ?? "gemsweep",
  });
  let group: unknown[][] = columns.map(() => []);
  let rows = 0;
  const writeGroup = async (): Promise<void> => {
    if (rows === 0) return;
    await parquet.write({
      columnData: columns.map((c, i) => ({ name: c.name, data: group[i]! as never })),
      rowGroupSize: rows,
    });
    group = columns.map(() => []);
    rows = 0;
  };
  for await (const batch of batches) {
    for (const record of batch) {
      columns.forEach((c, i) => group[i]!.push(parquetValue(record[c.name], c)));
      rows++;
      if (rows >= groupRows) {
        await writeGroup();
        yield* writer.take();
      }
    }
  }
  await writeGroup();
  await parquet.finish();
  yield* writer.take();
}
