import { formatTable, TABLE_CONTENT_TYPES, type PivotSpec } from "@gemsweep/core";
import type { GemSweepStorage } from "@gemsweep/db";
import type { TableQuery } from "./api-schemas";

function pivotOf(query: TableQuery): PivotSpec | undefined {
  if (!query.pivot) return undefined;
  const [by, family] = query.pivot.split(":") as [PivotSpec["by"], PivotSpec["family"]];
  const where: NonNullable<PivotSpec["where"]> = {};
  for (const pair of query.where?.split(",") ?? []) {
    const [param, value] = pair.split("=") as [keyof NonNullable<PivotSpec["where"]>, string];
    where[param] = Number(value);
  }
  return { by, family, ...(Object.keys(where).length > 0 ? { where } : {}) };
}

/** A file name a browser may save: the sweep's name reduced to safe characters. */
function fileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80) || "sweep";
}

/**
 * The comparison table of a sweep in the asked format and style. Built from the Trial table and
 * one indexed epoch row per trial (the reported epoch's dead / near-dead fractions). csv/md/tex come as downloads.
 */
export async function sweepTableResponse(storage: Pick<GemSweepStorage, "sweepTable">, sweep: { id: string; name: string }, query: TableQuery): Promise<Response> {
  const pivot = pivotOf(query);
  const table = await storage.sweepTable(sweep.id, { value: query.metric, ...(pivot ? { pivot } : {}), ...(query.baseline ? { baseline: query.baseline } : {}) });
  const body = formatTable(table, query.format, { caption: `${sweep.name}: ${query.metric} metric, mean $\\pm$ std over seeds`, style: query.style });
  const headers = new Headers({ "content-type": TABLE_CONTENT_TYPES[query.format], "cache-control": "no-store" });
  if (query.format !== "json") {
    headers.set("content-disposition", `attachment; filename="${fileStem(sweep.name)}-table${query.style === "paper" ? "-paper" : ""}.${query.format}"`);
  }
  return new Response(body, { status: 200, headers });
}
