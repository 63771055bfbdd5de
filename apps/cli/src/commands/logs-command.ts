import { Command } from "commander";

export interface LogsOptions {
  follow?: boolean;
  json?: boolean;
}

/** `gemsweep logs TRIAL [--follow] [--json]`: a trial's log lines, every attempt's, oldest first. */
export function logsCommand(): Command {
  return new Command("logs")
    .argument(
      "<TRIAL>",
      "trial id, or a unique prefix of one (>= 4 hex digits); `gemsweep status ID --json` lists a sweep's trials",
    )
    .option("-f, --follow", "keep printing new lines until the trial ends")
    .option("--json", "one JSON object per line (id, attempt, seq, time, level, msg, data)")
    .action(async (ref: string, options: LogsOptions) => {
      const { printLogs } = await import("../actions/print-logs.js");
      await printLogs(ref, options);
    });
}
