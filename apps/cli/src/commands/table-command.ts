import { Command, InvalidArgumentError } from "commander";
import { TABLE_FORMATS, TABLE_STYLES, type TableFormat, type TableStyle } from "@gemsweep/core";
import { SWEEP_REF_HELP } from "../sweep-ref-help.js";

const METRIC_VALUES = ["final", "best"] as const;

export interface TableOptions {
  format: TableFormat;
  metric: (typeof METRIC_VALUES)[number];
  style: TableStyle;
}

function oneOf<T extends string>(what: string, values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value))
      throw new InvalidArgumentError(`${what} must be one of ${values.join(", ")}`);
    return value as T;
  };
}

/**
 * `gemsweep table ID [ID…] [--format csv|md|tex|json] [--metric final|best] [--style default|paper]`:
 * one sweep's comparison table, or two or more sweeps side by side with the spec fields that differ.
 */
export function tableCommand(): Command {
  return new Command("table")
    .argument("<ID...>", `${SWEEP_REF_HELP}; give two or more to compare sweeps side by side on the benchmarks they share`)
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
    .option(
      "--style <S>",
      "paper: accuracy in %, gap to the baseline in points, dead and near-dead units per row (one sweep): default | paper",
      oneOf("style", TABLE_STYLES),
      "default",
    )
    .action(async (refs: string[], options: TableOptions) => {
      const { printTable } = await import("../actions/print-table.js");
      await printTable(refs, options);
    });
}
