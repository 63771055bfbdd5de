// Why: stage 2 runs one setting per config, chosen from that config's tuning trials on the
// validation metric only; the rule (and its fallbacks) is stated once, here, and is pure so the
// orchestrator's transition and its tests agree.
import type { Direction, TrialStatus } from "@gemsweep/contracts";
import type { SweptValues } from "../overrides/swept-values.js";
import type { EpochPoint } from "./trial-snapshot.js";

/** One tuning trial as the choice reads it. */
export interface TuningTrialResult {
  id: string;
  sample: number;
  seed: number;
  status: TrialStatus;
  /** The tuned hyperparameters' values it trained with. */
  values: SweptValues;
  /** Its selection metric (validation) per epoch. */
  curve: readonly EpochPoint[];
}

export interface TuningChoice {
  /** The chosen setting; null when no tuning trial gave a finite validation metric. */
  values: SweptValues | null;
  sample: number | null;
  /** The chosen setting's score: its trials' mean validation metric at their last epoch. */
  score: number | null;
  /** Tuning trials read, and how many of them completed (were not stopped early). */
  trials: number;
  completed: number;
  reason: string;
}

/** A tuning trial's score: its validation metric at the last epoch it reported (null if none or non-finite). */
export function tuningScoreOf(curve: readonly EpochPoint[]): number | null {
  const last = curve[curve.length - 1];
  return last && Number.isFinite(last.metric) ? last.metric : null;
}

interface Candidate {
  sample: number;
  values: SweptValues;
  score: number;
  epoch: number;
  complete: boolean;
}

/**
 * The setting of one config that stage 2 runs. A setting's score is the mean, over its tuning
 * seeds, of each trial's validation metric at its last epoch. Settings whose every trial
 * COMPLETED (ran all its epochs, never stopped early) are ranked first, by score in the
 * benchmark's direction, ties to the lower setting number. When none completed, the setting
 * that got furthest (most epochs, then the better score) is taken, and the reason says so.
 */
export function chooseTunedSetting(trials: readonly TuningTrialResult[], direction: Direction): TuningChoice {
  const bySample = new Map<number, TuningTrialResult[]>();
  for (const t of trials) bySample.set(t.sample, [...(bySample.get(t.sample) ?? []), t]);
  const candidates: Candidate[] = [];
  for (const [sample, group] of bySample) {
    const scores = group.map((t) => tuningScoreOf(t.curve));
    if (scores.some((s) => s === null)) continue;
    const score = (scores as number[]).reduce((a, b) => a + b, 0) / scores.length;
    const epoch = Math.min(...group.map((t) => t.curve[t.curve.length - 1]!.epoch));
    candidates.push({ sample, values: group[0]!.values, score, epoch, complete: group.every((t) => t.status === "COMPLETED") });
  }
  const completed = trials.filter((t) => t.status === "COMPLETED").length;
  const better = (a: Candidate, b: Candidate): number =>
    (direction === "max" ? b.score - a.score : a.score - b.score) || a.sample - b.sample;
  const complete = candidates.filter((c) => c.complete).sort(better);
  if (complete.length > 0) {
    const best = complete[0]!;
    return {
      values: best.values,
      sample: best.sample,
      score: best.score,
      trials: trials.length,
      completed,
      reason: `best validation metric of ${complete.length} completed settings (of ${bySample.size})`,
    };
  }
  const furthest = candidates.sort((a, b) => b.epoch - a.epoch || better(a, b))[0];
  if (furthest) {
    return {
      values: furthest.values,
      sample: furthest.sample,
      score: furthest.score,
      trials: trials.length,
      completed,
      reason: `no setting completed; took the one that got furthest (epoch ${furthest.epoch}) with the best validation metric there`,
    };
  }
  const counts = new Map<string, number>();
  for (const t of trials) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
  const summary = [...counts].map(([s, n]) => `${n} ${s.toLowerCase()}`).join(", ");
  return {
    values: null,
    sample: null,
    score: null,
    trials: trials.length,
    completed,
    reason: `no tuning trial reported a finite validation metric (${summary || "no tuning trials"})`,
  };
}
