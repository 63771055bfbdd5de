import { type Direction } from "@gemsweep/contracts";
import { median } from "../stats/descriptive.js";
import type { PeerQuery, Pruner, PruneDecision } from "./pruner.js";
import type { TrialSnapshot } from "./trial-snapshot.js";

export interface MedianStoppingOptions {
  /** Epochs a trial reports before it may be pruned. */
  warmupEpochs?: number;
  /** Completed trials with a value at the epoch needed before pruning. */
  minTrials?: number;
}

/**
 * Median stopping (as Optuna's MedianPruner): at the trial's latest epoch e, stop it if its best
 * metric so far is worse than the median of completed trials' metrics at epoch e. Only trials of
 * the same benchmark compare (metrics differ across benchmarks).
 */
export class MedianStoppingPruner implements Pruner {
  readonly name = "median";
  readonly warmupEpochs: number;
  readonly minTrials: number;

  constructor(options: MedianStoppingOptions = {}) {
    this.warmupEpochs = options.warmupEpochs ?? 1;
    this.minTrials = options.minTrials ?? 3;
  }

  /** The completed trials' metric at the epoch just reported. */
  peerQuery(epoch: number): PeerQuery {
    return { epochs: epoch > this.warmupEpochs ? [epoch] : [], statuses: "completed" };
  }

  shouldPrune(
    trial: TrialSnapshot,
    trials: readonly TrialSnapshot[],
    direction: Direction,
  ): PruneDecision {
    const curve = trial.curve ?? [];
    const last = curve[curve.length - 1];
    if (!last) return { prune: false, reason: "no epoch reported yet" };
    if (curve.length <= this.warmupEpochs)
      return { prune: false, reason: `warmup (${curve.length}/${this.warmupEpochs} epochs)` };
    const epoch = last.epoch;

    const others: number[] = [];
    for (const t of trials) {
      if (t.status !== "COMPLETED" || t.benchmark !== trial.benchmark) continue;
      if (t === trial || (t.id !== undefined && t.id === trial.id)) continue;
      if (t.configKey === trial.configKey && t.seed === trial.seed) continue;
      const point = t.curve?.find((p) => p.epoch === epoch);
      if (point && Number.isFinite(point.metric)) others.push(point.metric);
    }
    if (others.length < this.minTrials) {
      return {
        prune: false,
        reason: `${others.length} completed trials at epoch ${epoch}, need ${this.minTrials}`,
      };
    }
    const med = median(others);
    const finite = curve
      .filter((p) => p.epoch <= epoch && Number.isFinite(p.metric))
      .map((p) => p.metric);
    // A trial with no finite value yet (diverged) is worse than anything.
    if (finite.length === 0)
      return { prune: true, reason: `no finite metric by epoch ${epoch}; median ${med}` };
    const best = direction === "max" ? Math.max(...finite) : Math.min(...finite);
    const worse = direction === "max" ? best < med : best > med;
    return worse
      ? {
          prune: true,
          reason: `best ${best} at epoch ${epoch} is worse than the median ${med} of ${others.length} completed trials`,
        }
      : {
          prune: false,
          reason: `best ${best} at epoch ${epoch} is not worse than the median ${med}`,
        };
  }
}
