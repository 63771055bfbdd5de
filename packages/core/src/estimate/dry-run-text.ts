// Why: `gemsweep run --dry-run` prints the plan (trials per stage, the grid, the estimate) the
// same way wherever it is shown, without storing or queueing anything.
import type { SweepSummary } from "../describe-sweep.js";
import { activationGridOf, expandConfigs } from "../expand.js";
import { benchmarkSpaceOf, type TunedDimension } from "../overrides/hyper-space.js";
import { formatHyperValue } from "../overrides/swept-values.js";
import { AshaPruner } from "../search/asha-pruner.js";
import { tuningSamplerOf } from "../search/tuning-settings.js";
import type { SweepSpec } from "../spec.js";

/** Seconds as `1 h 2 min`, `3 min 4 s` or `5.6 s`. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.round(seconds / 60);
  if (m < 60) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

function dimensionText(d: TunedDimension): string {
  if (d.kind === "axis") return `${d.key} in {${d.values.map((v) => formatHyperValue(v)).join(", ")}}`;
  const { min, max, log } = d.range;
  return `${d.key} in [${formatHyperValue(min)}, ${formatHyperValue(max)}]${log ? " log" : ""}${d.int ? " (integers)" : ""}`;
}

/** The dry run's report, one line each: what would run, in which stage, and what it would cost. */
export function dryRunText(spec: SweepSpec, summary: SweepSummary): string {
  const out: string[] = [];
  const { tune, compare } = summary.stages;
  out.push(`sweep ${spec.name}: dry run, nothing is stored or queued`);
  out.push(
    `table: ${summary.tableShape.rows} rows x ${summary.tableShape.cols} column${summary.tableShape.cols === 1 ? "" : "s"} (${spec.benchmark.join(", ")}); baseline ${summary.baselineKey}${summary.swept.length ? `; rows are activations x ${summary.swept.join(" x ")}` : ""}`,
  );
  if (tune && spec.tune) {
    const scheduler = spec.tune.scheduler;
    const schedulerText =
      scheduler.strategy === "asha"
        ? `asha (reduction factor ${scheduler.reductionFactor}, first rung at epoch ${scheduler.minResource}${scheduler.brackets > 1 ? `, ${scheduler.brackets} brackets` : ""})`
        : scheduler.strategy;
    out.push(
      `stage 1 (tune on validation): ${summary.configs} configs x ${tune.settings} settings x ${tune.seeds.length} seed${tune.seeds.length === 1 ? "" : "s"} = ${tune.trials} trials; sampler ${tuningSamplerOf(spec)} (seed ${spec.tune.seed}); scheduler ${schedulerText}`,
    );
    out.push(
      `stage 2 (compare on test): ${summary.configs} configs x ${compare.seeds.length} seeds [${compare.seeds.join(", ")}] = ${compare.trials} trials, each config's once its tuning has chosen; seeds paired across configs`,
    );
  } else {
    out.push(`one stage: ${summary.configs} configs x ${compare.seeds.length} seeds [${compare.seeds.join(", ")}] = ${compare.trials} trials`);
  }
  out.push("grid:");
  const activations = activationGridOf(spec).map((g) => g.key);
  const configs = expandConfigs(spec);
  const scheduler = spec.tune?.scheduler ?? spec.pruner;
  for (const b of spec.benchmark) {
    const space = benchmarkSpaceOf(spec.overrides, b, spec.tune?.over);
    const parts = [`activations {${activations.join(", ")}}`, ...space.rowAxes.map((a) => `${a.key} in {${a.values.map((v) => formatHyperValue(v)).join(", ")}}`)];
    const epochs = configs.find((c) => c.benchmark === b)?.hyper.epochs ?? 0;
    const rungs =
      scheduler.strategy === "asha"
        ? `; ASHA rungs at epochs ${new AshaPruner({ ...scheduler, maxResource: scheduler.maxResource ?? null }).rungEpochs(0, epochs).join(", ")} of ${epochs}`
        : `; ${epochs} epochs`;
    out.push(`  ${b}: ${parts.join(" x ")}${space.tuned.length ? `; tuned: ${space.tuned.map(dimensionText).join(", ")}` : ""}${rungs}`);
  }
  const e = summary.estimate;
  out.push(`estimate on ${e.backend} (${e.note}):`);
  for (const s of e.stages) {
    const at = s.seconds === null ? "time unknown" : `${formatDuration(s.seconds)} at most`;
    const early =
      s.epochsWithEarlyStopping === null
        ? ""
        : `; with ASHA's halving about ${Math.round(s.epochsWithEarlyStopping)} trial-epochs, ${s.secondsWithEarlyStopping === null ? "time unknown" : formatDuration(s.secondsWithEarlyStopping)}`;
    out.push(`  ${s.stage === "tune" ? "stage 1" : tune ? "stage 2" : "trials"}: ${s.trials} trials, ${s.epochs} trial-epochs, ${at}${early}`);
  }
  for (const b of e.benchmarks)
    out.push(`  ${b.benchmark}: ${b.epochSeconds === null ? "unknown" : `${formatDuration(b.epochSeconds)} per epoch`} (${b.basis})`);
  out.push(`  total: ${e.seconds === null ? "unknown" : `${formatDuration(e.seconds)} at most`}`);
  return `${out.join("\n")}\n`;
}
