import { formatTable } from "@gemsweep/core";
import type { TableOptions } from "../commands/table-command.js";
import { withDatabase } from "../with-database.js";

/** Prints the sweep's comparison table in the chosen format. */
export async function printTable(id: string, options: TableOptions): Promise<void> {
  const table = await withDatabase(({ storage }) => storage.sweepTable(id, { value: options.metric }));
  process.stdout.write(formatTable(table, options.format).replace(/\n?$/, "\n"));
}
