import { Command } from "commander";
import type { RunOptions } from "../actions/run-sweep.js";
import { BACKEND_NAMES } from "@gemsweep/contracts";
import { backendOption } from "./backend-option.js";
import { positiveIntOption } from "./positive-int-option.js";

/**
 * `gemsweep run SPEC`: the whole loop on this machine: services, K worker processes, progress,
 * then the comparison table printed and written as CSV + Markdown. Ctrl-C drains the workers;
 * `gemsweep resume ID` continues later. `--dry-run` prints the plan and touches nothing.
 */
export function runCommand(): Command {
  return new Command("run")
    .argument("<SPEC>", "sweep spec file (YAML or JSON; - for stdin)")
    .option(
      "--workers <K>",
      "local worker processes (one per core adds throughput)",
      positiveIntOption("--workers"),
      2,
    )
    .option(
      "--backend <B>",
      `tfjs backend for the workers: ${BACKEND_NAMES.join(" | ")}`,
      backendOption,
      "auto",
    )
    .option("--out <DIR>", "where to write table.csv and table.md (default: out/<sweep name>)")
    .option(
      "--dry-run",
      "print the plan (trials per stage, the grid, a compute estimate on --backend) and run nothing",
    )
    .action(async (file: string, options: RunOptions & { dryRun?: boolean }) => {
      if (options.dryRun) {
        const { printDryRun } = await import("../actions/print-dry-run.js");
        printDryRun(file, options.backend);
        return;
      }
      const { runSweep } = await import("../actions/run-sweep.js");
      await runSweep(file, options);
    });
}
