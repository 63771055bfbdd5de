import { BENCHMARK_METRICS, HYPER_KEYS, paramsOf, type ActivationName, type ActivationParam, type BenchmarkName, type HyperKey } from "@gemsweep/contracts";
import type { PlannedTrial } from "../expand.js";
import { baselineKeyOf } from "../expand.js";
import { rowLabelOf } from "../overrides/swept-values.js";
import { planTrials } from "../search/plan-trials.js";
import { tuningSamplerOf } from "../search/tuning-settings.js";
import type { SweepSpec } from "../spec.js";
import { PLAN_VERSION, type PlanConfig, type PlanPivot, type PlanRow, type PlanTuning, type SweepPlan } from "./sweep-plan.js";

/**
 * The one expansion of a parsed spec at submit: the trials to create and the plan to store with
 * the sweep (rows in spec order, columns, each config's resolved hyperparameters, the baseline,
 * the ablations the table can pivot on, the pruner, the tuning stage).
 */
export function planSweep(spec: SweepSpec): { plan: SweepPlan; trials: PlannedTrial[] } {
  const trials = planTrials(spec);
  const rows: PlanRow[] = [];
  const rowKeys = new Set<string>();
  const configs: PlanConfig[] = [];
  const configKeys = new Set<string>();
  const settings: Partial<Record<BenchmarkName, Set<number>>> = {};
  for (const t of trials) {
    if (t.stage === "TUNE") {
      (settings[t.benchmark] ??= new Set()).add(t.sample!);
      continue;
    }
    if (!rowKeys.has(t.rowKey)) {
      rowKeys.add(t.rowKey);
      rows.push({ key: t.rowKey, label: rowLabelOf(t.activation, t.values), activation: t.activation, swept: t.values });
    }
    if (configKeys.has(t.configKey)) continue;
    configKeys.add(t.configKey);
    configs.push({
      configKey: t.configKey,
      benchmark: t.benchmark,
      rowKey: t.rowKey,
      activation: t.activation,
      hyper: t.hyper,
      tuned: t.tuned,
    });
  }
  const swept = HYPER_KEYS.filter((k) => rows.some((r) => r.swept[k] !== undefined));
  const tuning: PlanTuning | null = spec.tune
    ? {
        over: [...spec.tune.over],
        metric: spec.tune.metric,
        sampler: tuningSamplerOf(spec)!,
        seed: spec.tune.seed,
        settings: Object.fromEntries(Object.entries(settings).map(([b, s]) => [b, s.size])),
        seeds: [...spec.tune.seeds],
        scheduler: spec.tune.scheduler,
        trials: trials.filter((t) => t.stage === "TUNE").length,
      }
    : null;
  const plan: SweepPlan = {
    version: PLAN_VERSION,
    name: spec.name,
    baselineKey: baselineKeyOf(spec),
    rows,
    columns: spec.benchmark.map((benchmark) => {
      const { title, metric, direction } = BENCHMARK_METRICS[benchmark];
      return { benchmark, title, metric, direction };
    }),
    configs,
    seeds: [...spec.seeds],
    pivots: ablationPivots(rows),
    pruner: spec.pruner,
    swept,
    tuning,
  };
  return { plan, trials };
}

/** Every (family, parameter or numeric swept hyperparameter) whose rows take two or more values: an ablation. */
export function ablationPivots(rows: readonly PlanRow[]): PlanPivot[] {
  const values = new Map<string, { by: ActivationParam | HyperKey; family: ActivationName; values: Set<number> }>();
  const add = (family: ActivationName, by: ActivationParam | HyperKey, value: unknown) => {
    if (typeof value !== "number") return;
    const key = `${family}\u0000${by}`;
    const entry = values.get(key) ?? { by, family, values: new Set<number>() };
    entry.values.add(value);
    values.set(key, entry);
  };
  for (const { activation, swept } of rows) {
    for (const by of paramsOf(activation.name)) add(activation.name, by, activation[by]);
    for (const by of HYPER_KEYS) add(activation.name, by, swept?.[by]);
  }
  return [...values.values()]
    .filter((p) => p.values.size >= 2)
    .map((p) => ({ by: p.by, family: p.family, values: [...p.values].sort((a, b) => a - b) }));
}
