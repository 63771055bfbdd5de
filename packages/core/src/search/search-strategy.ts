import type { BenchmarkName } from "@gemsweep/contracts";
import type { PlannedTrial, SweepConfig } from "../expand.js";
import type { SweptValues } from "../overrides/swept-values.js";
import type { TrialSnapshot } from "./trial-snapshot.js";


/** A two-stage sweep's tuning stage as the strategies expand it: the settings per benchmark and the seeds. */
export interface SweepPlanTuning {
  readonly settings: ReadonlyMap<BenchmarkName, readonly SweptValues[]>;
  readonly seeds: readonly number[];
}

/** What a strategy chooses from: the spec's full grid. */
export interface SearchSpace {
  readonly configs: readonly SweepConfig[];
  /** The comparison seeds. */
  readonly seeds: readonly number[];
  /** Activation key of the baseline; every strategy keeps its rows (deltas need them). */
  readonly baselineKey: string;
  /** The tuning stage of a two-stage sweep; null for one stage. */
  readonly tuning: SweepPlanTuning | null;
}

/**
 * Decides which trials exist. Pure: given the space and the trials already created, returns
 * the trials to create now (never one that exists); the orchestrator writes them.
 */
export interface SearchStrategy {
  readonly name: string;
  suggest(space: SearchSpace, trials: readonly TrialSnapshot[]): PlannedTrial[];
}
