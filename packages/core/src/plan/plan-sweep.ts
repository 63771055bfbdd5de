import { activationLabel, BENCHMARK_METRICS, paramsOf, type ActivationName, type ActivationParam } from "@gemsweep/contracts";
import type { PlannedTrial } from "../expand.js";
import { baselineKeyOf } from "../expand.js";
import { planTrials } from "../search/plan-trials.js";
import type { SweepSpec } from "../spec.js";
import { PLAN_VERSION, type PlanConfig, type PlanPivot, type PlanRow, type SweepPlan } from "./sweep-plan.js";

/**
 * The one expansion of a parsed spec at submit: the trials to create and the plan to store with
 * the sweep (rows in spec order, columns, each config's resolved hyperparameters, the baseline,
 * the ablations the table can pivot on, the pruner).
 */
export function planSweep(spec: SweepSpec): { plan: SweepPlan; trials: PlannedTrial[] } {
  const trials = planTrials(spec);
  const rows: PlanRow[] = [];
  const configs: PlanConfig[] = [];
  const seenConfigs = new Set<string>();
  for (const t of trials) {
    if (!rows.some((r) => r.key === t.activationKey))
      rows.push({ key: t.activationKey, label: activationLabel(t.activation), activation: t.activation });
    if (seenConfigs.has(t.configKey)) continue;
    seenConfigs.add(t.configKey);
    configs.push({
      configKey: t.configKey,
      benchmark: t.benchmark,
      rowKey: t.activationKey,
      activation: t.activation,
      hyper: t.hyper,
    });
  }
  const plan: SweepPlan = {
    version: PLAN_VERSION,
    name: spec.name,
    baselineKey: baselineKeyOf(spec),
    rows,
    columns: spec.benchmark.map((benchmark) => ({ benchmark, ...BENCHMARK_METRICS[benchmark] })),
    configs,
    seeds: [...spec.seeds],
    pivots: ablationPivots(rows),
    pruner: spec.pruner,
  };
  return { plan, trials };
}

/** Every (family, parameter) whose rows take two or more values: an N or ε ablation. */
export function ablationPivots(rows: readonly PlanRow[]): PlanPivot[] {
  const values = new Map<string, { by: ActivationParam; family: ActivationName; values: Set<number> }>();
  for (const { activation } of rows) {
    for (const by of paramsOf(activation.name)) {
      const key = `${activation.name}\u0000${by}`;
      const entry = values.get(key) ?? { by, family: activation.name, values: new Set<number>() };
      entry.values.add(activation[by] as number);
      values.set(key, entry);
    }
  }
  return [...values.values()]
    .filter((p) => p.values.size >= 2)
    .map((p) => ({ by: p.by, family: p.family, values: [...p.values].sort((a, b) => a - b) }));
}
