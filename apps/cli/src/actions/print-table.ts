import { ErrorCode, GemSweepError } from "@gemsweep/contracts";
import { compareTables, formatComparison, formatTable } from "@gemsweep/core";
import type { TableOptions } from "../commands/table-command.js";
import { withDatabase } from "../with-database.js";

/**
 * Prints the sweep's comparison table in the chosen format and style; given several sweeps, their
 * tables side by side on the benchmarks they share and where their specs differ (core's compareTables).
 */
export async function printTable(refs: string[], options: TableOptions): Promise<void> {
  if (refs.length > 1 && options.style !== "default") {
    // the paper style is one sweep's table; the side-by-side view has its own columns
    throw new GemSweepError(ErrorCode.INVALID_INPUT, "--style paper prints one sweep's table", {
      issues: [{ path: "--style", message: "give one sweep, or leave --style out to compare sweeps" }],
    });
  }
  const text = await withDatabase(async ({ storage }) => {
    const ids: string[] = [];
    for (const [i, ref] of refs.entries())
      ids.push((await storage.resolveSweep(ref, refs.length === 1 ? "ID" : `ID ${i + 1}`)).id);
    if (ids.length === 1)
      return formatTable(await storage.sweepTable(ids[0]!, { value: options.metric }), options.format, { style: options.style });
    const sweeps = await Promise.all(
      ids.map(async (id) => {
        const [detail, table] = await Promise.all([storage.sweepDetail(id), storage.sweepTable(id, { value: options.metric })]);
        return { id, name: detail.name, plan: detail.plan, table };
      }),
    );
    return formatComparison(compareTables(sweeps), options.format);
  });
  process.stdout.write(text.replace(/\n?$/, "\n"));
}
