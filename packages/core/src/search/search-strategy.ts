import { trialKeyOf, type SweepConfig, type PlannedTrial } from "../expand.js";
import type { TrialSnapshot } from "./trial-snapshot.js";

/** What a strategy chooses from: the spec's full grid. */
export interface SearchSpace {
  readonly configs: readonly SweepConfig[];
  readonly seeds: readonly number[];
  /** Activation key of the baseline row; every strategy keeps it (deltas need it). */
  readonly baselineKey: string;
}

/**
 * Decides which trials exist. Pure: given the space and the trials already created, returns
 * the trials to create now (never one that exists); the orchestrator writes them.
 */
export interface SearchStrategy {
  readonly name: string;
  suggest(space: SearchSpace, trials: readonly TrialSnapshot[]): PlannedTrial[];
}

/** The trials of `configs` x `seeds` not yet present in `trials`, in config-then-seed order. */
export function missingTrials(
  configs: readonly SweepConfig[],
  seeds: readonly number[],
  trials: readonly TrialSnapshot[],
): PlannedTrial[] {
  const existing = new Set(trials.map((t) => trialKeyOf(t.configKey, t.seed)));
  const out: PlannedTrial[] = [];
  for (const c of configs) {
    for (const seed of seeds) {
      if (!existing.has(trialKeyOf(c.configKey, seed)))
        out.push({ ...c, activation: { ...c.activation }, hyper: { ...c.hyper }, seed });
    }
  }
  return out;
}
