// Why: docs/results/fashion-mnist.md is built from the database only (the sweep's table, pivots,
// tuning choices, trials and stored spec), never typed in, so `--render SWEEP_ID` rebuilds the same
// document from a finished sweep. The run's record (commit, hardware, load) travels in the document
// itself as a JSON comment, because the database does not hold it.
import { formatDuration, formatTable, type ComparisonTable } from "@gemsweep/core";
import type { GemSweepStorage } from "@gemsweep/db";
import type { RunRecord } from "./machine-info.js";

/**
 * The one place the result's tables are formatted: the paper style (accuracy in percent, the gap
 * to GELU in points, dead and near-dead units per row at the reported epoch).
 */
export const renderTable = (table: ComparisonTable): string =>
  formatTable(table, "md", { style: "paper" });

const RECORD_MARK = "gemsweep-run-record";

/** The run record a previous render of this document carried, if it was for `sweepId`. */
export function recordIn(doc: string, sweepId: string): RunRecord | null {
  const m = new RegExp(`<!-- ${RECORD_MARK} (\\{.*\\}) -->`).exec(doc);
  if (!m) return null;
  const record = JSON.parse(m[1]!) as RunRecord;
  return record.sweepId === sweepId ? record : null;
}

/** Per benchmark: mean wall seconds of a completed comparison trial, and its mean training samples/s. */
async function trialTimes(
  storage: GemSweepStorage,
  sweepId: string,
): Promise<Map<string, { seconds: number; samplesPerSec: number; n: number }>> {
  const trials = (await storage.sweepTrialList(sweepId)).filter(
    (t) => t.status === "COMPLETED" && !t.configKey.includes("#tune="),
  );
  const out = new Map<string, { seconds: number; samplesPerSec: number; n: number }>();
  for (const t of trials) {
    const d = await storage.trialDetail(t.id);
    if (!d.startedAt || !d.finishedAt) continue;
    const rates = d.epochs.map((e) => e.samplesPerSec).filter((r): r is number => r !== null);
    const s = out.get(t.benchmark) ?? { seconds: 0, samplesPerSec: 0, n: 0 };
    out.set(t.benchmark, {
      seconds: s.seconds + (d.finishedAt.getTime() - d.startedAt.getTime()) / 1000,
      samplesPerSec:
        s.samplesPerSec + (rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : 0),
      n: s.n + 1,
    });
  }
  return out;
}

/** The whole document for a finished sweep. */
export async function renderResultsDoc(
  storage: GemSweepStorage,
  sweepId: string,
  record: RunRecord | null,
  variantNote: string,
): Promise<string> {
  const sweep = await storage.sweepDetail(sweepId);
  const table = await storage.sweepTable(sweepId);
  const tuning = await storage.sweepTuning(sweepId);
  const times = await trialTimes(storage, sweepId);
  const wall = sweep.finishedAt
    ? (sweep.finishedAt.getTime() - sweep.createdAt.getTime()) / 1000
    : null;
  const out: string[] = [];
  out.push("# Fashion-MNIST: the GEM family against ReLU, GELU and Swish", "");
  out.push(
    "Made by `npm run results:fashion` from the database, not by hand (`npm run results:fashion -- --render " +
      sweepId +
      "` rebuilds it from the finished sweep). The protocol: each activation's lr is tuned on validation (stage 1), then the chosen lr runs on paired seeds and is reported on test (stage 2), against GELU with a paired t-test (Holm-corrected).",
    "",
  );
  out.push(
    `- sweep: \`${sweepId}\` (${sweep.name}), ${sweep.status}: ${sweep.counts.COMPLETED} completed, ${sweep.counts.PRUNED} stopped early by ASHA, ${sweep.counts.DIVERGED} diverged, ${sweep.counts.FAILED} failed`,
  );
  out.push(`- size: ${variantNote}`);
  out.push(
    `- date: ${sweep.createdAt.toISOString()}${sweep.finishedAt ? ` to ${sweep.finishedAt.toISOString()}` : " (not finished)"}`,
  );
  out.push(
    `- wall time (sweep created to finished, from the database): ${wall === null ? "not finished" : `${formatDuration(wall)} (${Math.round(wall)} s)`}`,
  );
  if (record) {
    out.push(`- commit: ${record.commit}`);
    out.push(
      `- hardware: ${record.cpu}, ${record.cores} cores, Node ${record.node}; ${record.workers} local workers on the \`${record.backend}\` backend`,
    );
    out.push(
      `- load average (1, 5, 15 min): ${record.loadStart.join(", ")} at the start, ${record.loadEnd.join(", ")} at the end`,
    );
  } else {
    out.push(
      "- commit, hardware, load: not recorded (this document was rendered without the run's record)",
    );
  }
  out.push(
    "",
    "## Comparison (stage 2, test accuracy, mean ± std over seeds)",
    "",
    renderTable(table).trim(),
    "",
  );
  out.push("## Ablations: N and ε", "");
  if (table.pivots.length === 0)
    out.push("This sweep has no family with several values of one parameter.", "");
  for (const p of table.pivots) {
    const pivoted = await storage.sweepTable(sweepId, { pivot: { by: p.by, family: p.family } });
    out.push(`### ${p.family} by ${p.by}`, "", renderTable(pivoted).trim(), "");
  }
  out.push("## Tuning choices (stage 1)", "");
  out.push(
    `Tuned: ${tuning.over.join(", ")} on validation; scheduler ${tuning.scheduler?.strategy ?? "none"}; ${tuning.stoppedEarly} tuning trials stopped early.`,
    "",
  );
  out.push(
    "| model | activation | chosen | validation accuracy | tuning trials completed |",
    "| --- | --- | --- | ---: | ---: |",
  );
  for (const g of tuning.groups) {
    const chosen = g.choice?.values
      ? Object.entries(g.choice.values)
          .map(([k, v]) => `${k}* = ${v}`)
          .join(", ")
      : g.choice
        ? `none (${g.choice.reason})`
        : "not chosen";
    out.push(
      `| ${g.benchmark} | ${g.label} | ${chosen} | ${g.choice?.score?.toFixed(4) ?? "—"} | ${g.choice ? `${g.choice.completed} of ${g.choice.trials}` : "—"} |`,
    );
  }
  out.push("", "## Time per trial (stage 2)", "");
  out.push(
    "| model | trials | mean wall seconds per trial | mean training samples/s |",
    "| --- | ---: | ---: | ---: |",
  );
  for (const b of table.columns.map((c) => c.benchmark)) {
    const t = times.get(b);
    if (t)
      out.push(
        `| ${b} | ${t.n} | ${(t.seconds / t.n).toFixed(1)} | ${Math.round(t.samplesPerSec / t.n)} |`,
      );
  }
  out.push(
    "",
    "## The exact spec (as stored with the sweep)",
    "",
    "```json",
    JSON.stringify(sweep.spec, null, 2),
    "```",
    "",
  );
  if (record) out.push(`<!-- ${RECORD_MARK} ${JSON.stringify(record)} -->`, "");
  return out.join("\n");
}
