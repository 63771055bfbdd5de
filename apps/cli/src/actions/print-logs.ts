import { OPEN_TRIAL_STATUSES, type TrialStatus } from "@gemsweep/contracts";
import type { TrialLogLine } from "@gemsweep/db";
import type { LogsOptions } from "../commands/logs-command.js";
import { withDatabase } from "../with-database.js";

const PAGE = 1000;
const FOLLOW_EVERY_MS = 1000;
const LEVELS: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
};

/** One line as a person reads it: time, level, attempt, message; an error's stack below it. */
function humanLine(line: TrialLogLine): string {
  const level = (LEVELS[line.level] ?? String(line.level)).padEnd(5);
  let text = `${line.time.toISOString()} ${level} [attempt ${line.attempt}] ${line.msg}`;
  const err = line.data?.["err"] as { stack?: string } | undefined;
  if (err?.stack) text += `\n${err.stack.replace(/^/gm, "    ")}`;
  return text;
}

/**
 * Prints a trial's log lines (stored by its workers, the last lines of each attempt); with
 * `follow`, keeps reading new ones every second until the trial has ended and none are left.
 */
export async function printLogs(ref: string, options: LogsOptions): Promise<void> {
  await withDatabase(async ({ storage }) => {
    const trialId = await storage.resolveTrial(ref, "TRIAL");
    let after: string | undefined;
    let first = true;
    for (;;) {
      const page = await storage.trialLogs(trialId, { after, limit: PAGE });
      if (first && !options.json)
        for (const d of page.dropped)
          console.log(`(attempt ${d.attempt}: its first ${d.lines} lines are no longer kept)`);
      first = false;
      for (const line of page.lines)
        console.log(options.json ? JSON.stringify(line) : humanLine(line));
      after = page.next ?? undefined;
      if (page.lines.length === PAGE) continue;
      // a WAITING trial (stage 2 before its choice) will still run: keep following it
      const open = OPEN_TRIAL_STATUSES.includes(page.status as TrialStatus);
      if (!options.follow || !open) return;
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_EVERY_MS));
    }
  });
}
