// Why: which trials a comparison config owns depends on the protocol: one stage runs it on
// every seed; two stages run its tuning settings on the tuning seeds now and its comparison
// seeds later (created WAITING, so the sweep's size and the table's pending cells are known at submit).
import { resolveHyper, trialKeyOf, tuningConfigKeyOf, type PlannedTrial, type SweepConfig } from "../expand.js";
import type { SweepPlanTuning } from "./search-strategy.js";
import type { TrialSnapshot } from "./trial-snapshot.js";

/** Every trial of one comparison config: its tuning trials (two stages), then its comparison trials. */
export function trialsOfConfig(config: SweepConfig, seeds: readonly number[], tuning: SweepPlanTuning | null): PlannedTrial[] {
  const out: PlannedTrial[] = [];
  const copy = (extra: Omit<PlannedTrial, keyof SweepConfig>, over: Partial<SweepConfig> = {}): PlannedTrial => ({
    ...config,
    activation: { ...config.activation },
    values: { ...config.values },
    hyper: { ...config.hyper },
    tuned: [...config.tuned],
    ...over,
    ...extra,
  });
  if (tuning) {
    const settings = tuning.settings.get(config.benchmark) ?? [];
    settings.forEach((setting, sample) => {
      const hyper = resolveHyper(config.benchmark, config.hyper, setting);
      for (const seed of tuning.seeds)
        out.push(
          copy(
            { seed, stage: "TUNE", groupKey: config.configKey, sample, status: "QUEUED", setting: { ...setting } },
            { configKey: tuningConfigKeyOf(config.configKey, sample), hyper },
          ),
        );
    });
  }
  for (const seed of seeds)
    out.push(
      copy({ seed, stage: "COMPARE", groupKey: config.configKey, sample: null, status: tuning ? "WAITING" : "QUEUED", setting: {} }),
    );
  return out;
}

/** The trials of `configs` not yet present in `trials`, config by config (tuning first, then comparison). */
export function missingTrials(
  configs: readonly SweepConfig[],
  seeds: readonly number[],
  trials: readonly TrialSnapshot[],
  tuning: SweepPlanTuning | null = null,
): PlannedTrial[] {
  const existing = new Set(trials.map((t) => trialKeyOf(t.configKey, t.seed)));
  return configs.flatMap((c) => trialsOfConfig(c, seeds, tuning)).filter((t) => !existing.has(trialKeyOf(t.configKey, t.seed)));
}
