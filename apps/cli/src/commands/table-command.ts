import { Command, InvalidArgumentError } from "commander";
import { TABLE_FORMATS, type TableFormat } from "@gemsweep/core";

const METRIC_VALUES = ["final", "best"] as const;

export interface TableOptions {
  format: TableFormat;
  metric: (typeof METRIC_VALUES)[number];
}

function oneOf<T extends string>(what: string, values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value))
      throw new InvalidArgumentError(`${what} must be one of ${values.join(", ")}`);
    return value as T;
  };
}

/** `gemsweep table ID [--format csv|md|tex|json] [--metric final|best]`: the comparison table. */
export function tableCommand(): Command {
  return new Command("table")
    .argument("<ID>", "sweep id")
    .option(
      "--format <F>",
      `one of ${TABLE_FORMATS.join(", ")}`,
      oneOf("format", TABLE_FORMATS),
      "md",
    )
    .option(
      "--metric <M>",
      "aggregate each trial's final-epoch metric or its best epoch: final | best",
      oneOf("metric", METRIC_VALUES),
      "final",
    )
    .action(async (id: string, options: TableOptions) => {
      const { printTable } = await import("../actions/print-table.js");
      await printTable(id, options);
    });
}
