// Why: the formats a raw export is written in, one dispatcher for the CLI and the API, with their content types and file extensions.
import * as z from "zod";
import { rawCsvChunks } from "./raw-csv.js";
import type { RawColumn, RawRecord } from "./raw-export-columns.js";
import { rawJsonlChunks } from "./raw-jsonl.js";
import { rawParquetChunks } from "./raw-parquet.js";

export const RAW_EXPORT_FORMATS = ["csv", "jsonl", "parquet"] as const;
export const rawExportFormatSchema = z.enum(RAW_EXPORT_FORMATS);
export type RawExportFormat = z.output<typeof rawExportFormatSchema>;

export const RAW_EXPORT_CONTENT_TYPES: Readonly<Record<RawExportFormat, string>> = {
  csv: "text/csv; charset=utf-8; header=present",
  jsonl: "application/jsonl; charset=utf-8",
  parquet: "application/vnd.apache.parquet",
};

const encoder = new TextEncoder();

async function* bytesOf(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) yield typeof chunk === "string" ? encoder.encode(chunk) : chunk;
}

/** The export's bytes in `format`, chunk by chunk, pulling row batches only as fast as they are consumed. */
export function rawExportBytes(
  format: RawExportFormat,
  columns: readonly RawColumn[],
  batches: AsyncIterable<readonly RawRecord[]>,
): AsyncGenerator<Uint8Array> {
  switch (format) {
    case "csv":
      return bytesOf(rawCsvChunks(columns, batches));
    case "jsonl":
      return bytesOf(rawJsonlChunks(columns, batches));
    case "parquet":
      return rawParquetChunks(columns, batches);
  }
}
