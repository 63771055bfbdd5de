import { Command, InvalidArgumentError } from "commander";
import { formatTable, TABLE_FORMATS, type TableFormat } from "@gemsweep/core";
import { withOrchestrator } from "../with-orchestrator.js";

const METRIC_VALUES = ["final", "best"] as const;

/** `gemsweep table ID [--format csv|md|tex|json] [--metric final|best]`: the comparison table. */
export function tableCommand(): Command {
  return new Command("table")
    .description(
      "print a sweep's comparison table: mean ± std over seeds, Δ vs baseline, paired test (Holm)",
    )
    .argument("<ID>", "sweep id")
    .option(
      "--format <F>",
      `one of ${TABLE_FORMATS.join(", ")}`,
      (v: string) => {
        if (!(TABLE_FORMATS as readonly string[]).includes(v))
          throw new InvalidArgumentError(`format must be one of ${TABLE_FORMATS.join(", ")}`);
        return v;
      },
      "md",
    )
    .option(
      "--metric <M>",
      "aggregate each trial's final-epoch metric or its best epoch: final | best",
      (v: string) => {
        if (!(METRIC_VALUES as readonly string[]).includes(v))
          throw new InvalidArgumentError(`metric must be one of ${METRIC_VALUES.join(", ")}`);
        return v;
      },
      "final",
    )
    .action(
      async (
        id: string,
        options: { format: TableFormat; metric: (typeof METRIC_VALUES)[number] },
      ) => {
        const table = await withOrchestrator(({ storage }) =>
          storage.sweepTable(id, { value: options.metric }),
        );
        process.stdout.write(formatTable(table, options.format).replace(/\n?$/, "\n"));
      },
    );
}
