// Why: before anything runs, a dry run says what a sweep will cost: trials and epochs per
// stage, and seconds where a measured throughput (or a no-training benchmark) makes that known.
import type { BenchmarkName, Hyper } from "@gemsweep/contracts";
import type { PlannedTrial } from "../expand.js";
import type { PlanPruner } from "../plan/sweep-plan.js";
import { AshaPruner } from "../search/asha-pruner.js";
import { measuredThroughput, TRAIN_EXAMPLES } from "./measured-throughput.js";

export type EstimateStage = "tune" | "compare";

export interface StageEstimate {
  stage: EstimateStage;
  trials: number;
  /** Trial-epochs if no trial stops early. */
  epochs: number;
  /** Seconds on one worker if no trial stops early; null when a benchmark's throughput is unknown. */
  seconds: number | null;
  /** With ASHA: the trial-epochs and seconds if every rung kept exactly 1/η (successive halving's budget). */
  epochsWithEarlyStopping: number | null;
  secondsWithEarlyStopping: number | null;
}

export interface BenchmarkThroughput {
  benchmark: BenchmarkName;
  /** Seconds per epoch of one trial (its train split at its trainLimit), or null when unknown. */
  epochSeconds: number | null;
  /** Where the figure comes from, or why there is none. */
  basis: string;
}

export interface ComputeEstimate {
  backend: string;
  stages: StageEstimate[];
  benchmarks: BenchmarkThroughput[];
  /** Seconds on one worker, both stages, no early stopping; null when any part is unknown. */
  seconds: number | null;
  note: string;
}

/** Seconds one epoch of a trial takes on `backend`, and the basis of the figure. */
export function epochSecondsOf(benchmark: BenchmarkName, hyper: Hyper, backend: string): { seconds: number | null; basis: string } {
  if (benchmark === "sleep" || benchmark === "synthetic")
    return { seconds: (hyper.sleepMs ?? 0) / 1000, basis: "no training: sleepMs per epoch" };
  const examples = TRAIN_EXAMPLES[benchmark];
  const measured = measuredThroughput(benchmark, backend);
  if (!measured) return { seconds: null, basis: `unknown: no samples/s measured for ${benchmark} on ${backend}` };
  if (examples === undefined) return { seconds: null, basis: `unknown: ${benchmark}'s training examples per epoch` };
  const perEpoch = Math.min(hyper.trainLimit ?? examples, examples);
  return { seconds: perEpoch / measured.samplesPerSec, basis: `${measured.samplesPerSec} samples/s (${measured.where})` };
}

/**
 * Trial-epochs of `n` trials of `epochs` epochs under successive halving: all reach the first
 * rung, 1/η of them each next rung, and 1/η of the last rung's trials run to the end.
 */
export function successiveHalvingEpochs(n: number, epochs: number, scheduler: PlanPruner): number {
  if (scheduler.strategy !== "asha") return n * epochs;
  const asha = new AshaPruner({ ...scheduler, maxResource: scheduler.maxResource ?? null });
  const rungs = asha.rungEpochs(0, epochs);
  if (rungs.length === 0) return n * epochs;
  let total = n * rungs[0]!;
  let alive = n;
  const ends = [...rungs, epochs];
  for (let k = 0; k < rungs.length; k++) {
    alive = Math.max(1, alive / scheduler.reductionFactor);
    total += alive * (ends[k + 1]! - ends[k]!);
  }
  return total;
}

/** The estimate of a plan's trials on one worker of `backend`. */
export function computeEstimate(trials: readonly PlannedTrial[], backend: string, tuneScheduler: PlanPruner | null): ComputeEstimate {
  const benchmarks = new Map<BenchmarkName, BenchmarkThroughput>();
  const stages: StageEstimate[] = [];
  for (const stage of ["tune", "compare"] as const) {
    const mine = trials.filter((t) => (t.stage === "TUNE") === (stage === "tune"));
    if (mine.length === 0) continue;
    let epochs = 0;
    let seconds: number | null = 0;
    let early = 0;
    let earlySeconds: number | null = 0;
    // Successive halving works per config: group the tuning trials by their comparison config.
    const groups = new Map<string, PlannedTrial[]>();
    for (const t of mine) {
      let group = groups.get(t.groupKey);
      if (!group) groups.set(t.groupKey, (group = []));
      group.push(t);
    }
    for (const group of groups.values()) {
      const first = group[0]!;
      const { seconds: perEpoch, basis } = epochSecondsOf(first.benchmark, first.hyper, backend);
      benchmarks.set(first.benchmark, { benchmark: first.benchmark, epochSeconds: perEpoch, basis });
      const groupEpochs = group.reduce((a, t) => a + t.hyper.epochs, 0);
      const halved = stage === "tune" && tuneScheduler ? successiveHalvingEpochs(group.length, first.hyper.epochs, tuneScheduler) : groupEpochs;
      epochs += groupEpochs;
      early += halved;
      seconds = seconds === null || perEpoch === null ? null : seconds + groupEpochs * perEpoch;
      earlySeconds = earlySeconds === null || perEpoch === null ? null : earlySeconds + halved * perEpoch;
    }
    const stops = stage === "tune" && tuneScheduler?.strategy === "asha";
    stages.push({
      stage,
      trials: mine.length,
      epochs,
      seconds,
      epochsWithEarlyStopping: stops ? early : null,
      secondsWithEarlyStopping: stops ? earlySeconds : null,
    });
  }
  const total = stages.reduce<number | null>((a, s) => (a === null || s.seconds === null ? null : a + s.seconds), 0);
  return {
    backend,
    stages,
    benchmarks: [...benchmarks.values()],
    seconds: total,
    note: "one worker, training only (evaluation and data loading add to it); K workers divide it by up to K",
  };
}
