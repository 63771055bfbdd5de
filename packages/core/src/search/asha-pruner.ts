// Why: asynchronous successive halving (Li et al. 2020, "A System for Massively Parallel
// Hyperparameter Tuning"; Optuna's SuccessiveHalvingPruner) stops most tuning trials after a
// few epochs and spends the epochs saved on the promising ones, without waiting for a rung to fill.
import { type Direction } from "@gemsweep/contracts";
import type { PeerQuery, Pruner, PruneDecision } from "./pruner.js";
import type { TrialSnapshot } from "./trial-snapshot.js";

export interface AshaOptions {
  /** η: a rung keeps the top 1/η of the trials that reached it (an integer >= 2). */
  reductionFactor: number;
  /** Epochs of the first rung (r). */
  minResource: number;
  /** Epochs a trial trains at most (R); rungs sit below it. Default: each trial's own epochs. */
  maxResource?: number | null;
  /** Brackets (s = 0..brackets-1); bracket s starts its rungs at r·η^s. Default 1. */
  brackets?: number;
}

/**
 * ASHA's rule as Optuna implements it, over read-only snapshots. Rung k of bracket s sits at
 * epoch r·η^(s+k), for every such epoch below the maximum resource. When a trial reaches a rung
 * it competes with every peer that reached the same rung (same bracket, same benchmark, same
 * tuning group, any status): with n values at the rung (its own included) it is promoted when
 * its value is among the best max(1, ⌊n/η⌋), and stopped otherwise. With fewer than η values
 * that means it must be the best so far (Optuna's choice: ASHA cannot pause a trial until the
 * rung fills). A non-finite value at a rung stops the trial. A trial's decided rungs are kept
 * on the trial (`rung`), so a trial resumed after a crash is decided at the rungs it skipped.
 */
export class AshaPruner implements Pruner {
  readonly name = "asha";
  readonly reductionFactor: number;
  readonly minResource: number;
  readonly maxResource: number | null;
  readonly brackets: number;

  constructor(options: AshaOptions) {
    if (!Number.isInteger(options.reductionFactor) || options.reductionFactor < 2)
      throw new RangeError("reductionFactor must be an integer >= 2");
    if (!Number.isInteger(options.minResource) || options.minResource < 1)
      throw new RangeError("minResource must be an integer >= 1");
    this.reductionFactor = options.reductionFactor;
    this.minResource = options.minResource;
    this.maxResource = options.maxResource ?? null;
    this.brackets = options.brackets ?? 1;
  }

  /** The bracket of a trial: its setting number (or a hash of its config and seed) modulo brackets. */
  bracketOf(trial: Pick<TrialSnapshot, "sample" | "configKey" | "seed">): number {
    if (this.brackets <= 1) return 0;
    const n = trial.sample ?? hashText(`${trial.configKey}#${trial.seed}`);
    return n % this.brackets;
  }

  /** The rung epochs of a bracket, ascending, all below the maximum resource. */
  rungEpochs(bracket: number, trialEpochs: number): number[] {
    const max = Math.min(this.maxResource ?? trialEpochs, trialEpochs);
    const out: number[] = [];
    for (let k = 0; ; k++) {
      const epoch = this.minResource * this.reductionFactor ** (bracket + k);
      if (epoch >= max) return out;
      out.push(epoch);
    }
  }

  /** Every rung epoch reached by `epoch`, of any bracket: the peers' values a decision may need. */
  peerQuery(epoch: number, trialEpochs: number): PeerQuery {
    const epochs = new Set<number>();
    for (let s = 0; s < this.brackets; s++) for (const e of this.rungEpochs(s, trialEpochs)) if (e <= epoch) epochs.add(e);
    return { epochs: [...epochs].sort((a, b) => a - b), statuses: "any" };
  }

  shouldPrune(trial: TrialSnapshot, trials: readonly TrialSnapshot[], direction: Direction): PruneDecision {
    const curve = trial.curve ?? [];
    const last = curve[curve.length - 1];
    if (!last) return { prune: false, reason: "no epoch reported yet" };
    const bracket = this.bracketOf(trial);
    const rungs = this.rungEpochs(bracket, trial.epochs ?? Number.POSITIVE_INFINITY);
    let promoted: PruneDecision | null = null;
    for (let k = (trial.rung ?? -1) + 1; k < rungs.length && rungs[k]! <= last.epoch; k++) {
      const epoch = rungs[k]!;
      const point = curve.find((p) => p.epoch === epoch);
      if (!point) continue; // never reported (an older attempt's epoch): nothing to decide on
      if (!Number.isFinite(point.metric))
        return { prune: true, rung: k, reason: `ASHA rung ${k} (epoch ${epoch}): non-finite metric` };
      const competing = [point.metric, ...this.peerValues(trial, trials, bracket, epoch)];
      const n = competing.length;
      const keep = Math.max(1, Math.floor(n / this.reductionFactor));
      competing.sort((a, b) => (direction === "max" ? b - a : a - b));
      const cutoff = competing[keep - 1]!;
      const promotable = direction === "max" ? point.metric >= cutoff : point.metric <= cutoff;
      if (!promotable) {
        return {
          prune: true,
          rung: k,
          reason: `ASHA rung ${k} (epoch ${epoch}): ${point.metric} is not in the top ${keep} of ${n} at this rung (cutoff ${cutoff})`,
        };
      }
      promoted = {
        prune: false,
        rung: k,
        reason: `ASHA rung ${k} (epoch ${epoch}): ${point.metric} is in the top ${keep} of ${n}; promoted`,
      };
    }
    return promoted ?? { prune: false, reason: `no ASHA rung at epoch ${last.epoch}` };
  }

  /** The finite values at `epoch` of the trial's peers: same benchmark, stage, group and bracket; never itself. */
  private peerValues(trial: TrialSnapshot, trials: readonly TrialSnapshot[], bracket: number, epoch: number): number[] {
    const out: number[] = [];
    for (const t of trials) {
      if (t === trial || (t.id !== undefined && t.id === trial.id)) continue;
      if (t.configKey === trial.configKey && t.seed === trial.seed) continue;
      if (t.benchmark !== trial.benchmark || (t.stage ?? "COMPARE") !== (trial.stage ?? "COMPARE")) continue;
      if ((t.groupKey ?? null) !== (trial.groupKey ?? null)) continue;
      if (this.bracketOf(t) !== bracket) continue;
      const point = t.curve?.find((p) => p.epoch === epoch);
      if (point && Number.isFinite(point.metric)) out.push(point.metric);
    }
    return out;
  }
}

/** A small stable hash of a text (FNV-1a, 32 bits). */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
