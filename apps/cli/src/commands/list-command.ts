import { Command, InvalidArgumentError } from "commander";
import { SWEEP_STATUSES, type SweepStatus } from "@gemsweep/contracts";
import { positiveIntOption } from "./positive-int-option.js";

export interface ListOptions {
  status?: SweepStatus;
  name?: string;
  limit: number;
  json?: boolean;
}

function sweepStatus(value: string): SweepStatus {
  const upper = value.toUpperCase();
  if (!(SWEEP_STATUSES as readonly string[]).includes(upper))
    throw new InvalidArgumentError(
      `status must be one of ${SWEEP_STATUSES.map((s) => s.toLowerCase()).join(", ")}`,
    );
  return upper as SweepStatus;
}

/** `gemsweep list [--status S] [--name TEXT] [--limit N] [--json]`: sweeps, newest first. */
export function listCommand(): Command {
  return new Command("list")
    .option(
      "--status <S>",
      `only sweeps in this state: ${SWEEP_STATUSES.map((s) => s.toLowerCase()).join(", ")}`,
      sweepStatus,
    )
    .option("--name <TEXT>", "only sweeps whose name contains TEXT (case-insensitive)")
    .option("--limit <N>", "at most N sweeps", positiveIntOption("--limit"), 20)
    .option("--json", "machine-readable: full ids, counts, times")
    .action(async (options: ListOptions) => {
      const { listSweeps } = await import("../actions/list-sweeps.js");
      await listSweeps(options);
    });
}
