import { Command, InvalidArgumentError } from "commander";
import {
  RAW_EXPORT_FORMATS,
  RAW_EXPORT_WHATS,
  type RawExportFormat,
  type RawExportWhat,
} from "@gemsweep/core";
import { SWEEP_REF_HELP } from "../sweep-ref-help.js";

export interface ExportOptions {
  what: RawExportWhat;
  format: RawExportFormat;
  out?: string;
}

function oneOf<T extends string>(what: string, values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value))
      throw new InvalidArgumentError(`${what} must be one of ${values.join(", ")}`);
    return value as T;
  };
}

/** `gemsweep export ID [--what trials|epochs] [--format csv|jsonl|parquet] [--out FILE]`: raw rows, streamed. */
export function exportCommand(): Command {
  return new Command("export")
    .argument("<ID>", SWEEP_REF_HELP)
    .option(
      "--what <W>",
      `one row per trial or per epoch: ${RAW_EXPORT_WHATS.join(" | ")}`,
      oneOf("--what", RAW_EXPORT_WHATS),
      "trials",
    )
    .option(
      "--format <F>",
      `${RAW_EXPORT_FORMATS.join(" | ")}`,
      oneOf("--format", RAW_EXPORT_FORMATS),
      "csv",
    )
    .option("--out <FILE>", "write to FILE (default: standard output)")
    .action(async (ref: string, options: ExportOptions) => {
      const { exportSweep } = await import("../actions/export-sweep.js");
      await exportSweep(ref, options);
    });
}
