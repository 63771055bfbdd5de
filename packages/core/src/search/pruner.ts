import { type Direction } from "@gemsweep/contracts";
import type { TrialSnapshot } from "./trial-snapshot.js";

export interface PruneDecision {
  prune: boolean;
  /** Why, for the trial's error column and the logs. */
  reason: string;
}

/** Decides after each reported epoch whether a running trial should stop. Pure. */
export interface Pruner {
  readonly name: string;
  shouldPrune(
    trial: TrialSnapshot,
    trials: readonly TrialSnapshot[],
    direction: Direction,
  ): PruneDecision;
}
