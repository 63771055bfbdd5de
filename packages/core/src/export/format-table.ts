import * as z from "zod";
import type { ComparisonTable } from "../table/comparison-table.js";
import { tableToCsv } from "./csv.js";
import { tableToJson } from "./json.js";
import { tableToLatex, type LatexOptions } from "./latex.js";
import { tableToMarkdown } from "./markdown.js";
import { tableToPaperLatex } from "./paper-latex.js";
import { tableToPaperMarkdown } from "./paper-markdown.js";
import type { TableStyle } from "./paper-style.js";

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

export interface TableFormatOptions extends LatexOptions {
  /** `paper`: the GEM paper's terms (accuracy in %, gap in points, dead and near-dead units); default `default`. */
  style?: TableStyle;
}

export function formatTable(
  table: ComparisonTable,
  format: TableFormat,
  options: TableFormatOptions = {},
): string {
  const paper = options.style === "paper";
  switch (format) {
    case "json":
      return tableToJson(table, 2, { style: options.style });
    case "csv":
      return tableToCsv(table, { style: options.style });
    case "md":
      return paper ? tableToPaperMarkdown(table) : tableToMarkdown(table, options);
    case "tex":
      return paper ? tableToPaperLatex(table, options) : tableToLatex(table, options);
  }
}
