import * as z from "zod";
import type { ComparisonTable } from "../table/comparison-table.js";
import { tableToCsv } from "./csv.js";
import { tableToJson } from "./json.js";
import { tableToLatex, type LatexOptions } from "./latex.js";
import { tableToMarkdown } from "./markdown.js";

/** The formats `gemsweep table --format` and `GET /api/sweeps/:id/table?format=` accept. */
export const TABLE_FORMATS = ["json", "csv", "md", "tex"] as const;
export const tableFormatSchema = z.enum(TABLE_FORMATS);
export type TableFormat = z.infer<typeof tableFormatSchema>;

export const TABLE_CONTENT_TYPES: Readonly<Record<TableFormat, string>> = {
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8; header=present",
  md: "text/markdown; charset=utf-8",
  tex: "application/x-tex; charset=utf-8",
};

export function formatTable(
  table: ComparisonTable,
  format: TableFormat,
  options: LatexOptions = {},
): string {
  switch (format) {
    case "json":
      return tableToJson(table);
    case "csv":
      return tableToCsv(table);
    case "md":
      return tableToMarkdown(table, options);
    case "tex":
      return tableToLatex(table, options);
  }
}
