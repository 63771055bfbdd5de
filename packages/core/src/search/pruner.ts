import { type Direction } from "@gemsweep/contracts";
import type { TrialSnapshot } from "./trial-snapshot.js";

export interface PruneDecision {
  prune: boolean;
  /** Why, for the trial's error column and the logs. */
  reason: string;
  /** A rung scheduler's rung: the one the trial stopped at (prune) or was last promoted from. */
  rung?: number;
}

/** Which peers a decision reads: their metric at these epochs, of completed trials only or of any. */
export interface PeerQuery {
  epochs: readonly number[];
  statuses: "completed" | "any";
}

/** Decides after each reported epoch whether a running trial should stop. Pure. */
export interface Pruner {
  readonly name: string;
  /** The peers' values a decision at `epoch` needs (no epochs: no read, no decision). */
  peerQuery(epoch: number, trialEpochs: number): PeerQuery;
  shouldPrune(
    trial: TrialSnapshot,
    trials: readonly TrialSnapshot[],
    direction: Direction,
  ): PruneDecision;
}
