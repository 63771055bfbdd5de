// Why: a two-stage sweep's result is not only its table: which setting each config's tuning
// chose, and how many tuning trials ASHA stopped early, are printed after the run and by status.
import { sweptLabel } from "@gemsweep/core";
import type { SweepTuning } from "@gemsweep/db";

/** Lines describing stage 1: the scheduler's early stops, then each config's choice or progress. */
export function tuningSummaryLines(tuning: SweepTuning): string[] {
  if (tuning.stages !== 2) return [];
  const trials = tuning.groups.reduce((n, g) => n + g.trials.length, 0);
  const scheduler = tuning.scheduler?.strategy ?? "none";
  const lines = [
    `stage 1 (tune ${tuning.over.join(", ")} on validation, scheduler ${scheduler}): ${trials} trials, ${tuning.stoppedEarly} stopped early${scheduler === "asha" ? " by ASHA" : ""}`,
  ];
  for (const g of tuning.groups) {
    const where = `${g.benchmark} / ${g.label}`;
    if (!g.choice) {
      const ended = g.trials.filter((t) => t.status !== "QUEUED" && t.status !== "RUNNING").length;
      lines.push(`  ${where}: tuning, ${ended} of ${g.trials.length} trials ended`);
    } else if (!g.choice.values) lines.push(`  ${where}: no choice (${g.choice.reason})`);
    else
      lines.push(
        `  ${where}: ${sweptLabel(g.choice.values, "*")} (validation ${g.choice.score?.toFixed(4) ?? "?"}; ${g.choice.completed} of ${g.choice.trials} tuning trials completed)`,
      );
  }
  return lines;
}
