import type { Hyper, Schedule } from "@gemsweep/contracts";

// Why: published recipes decay (and warm up) the learning rate; the rate is a pure function of
// the optimizer's step count, which every checkpoint saves, so a resumed run continues the
// schedule exactly where it stopped.

/** A trial's schedule resolved to optimizer steps. */
export interface LrSchedule {
  kind: Schedule;
  /** The peak rate (after warmup, before decay). */
  lr: number;
  /** Where cosine and linear decay end. */
  minLr: number;
  gamma: number;
  /** Steps of linear warmup (0 = none). */
  warmupSteps: number;
  /** Steps of the whole run (epochs x steps per epoch). */
  totalSteps: number;
  /** multistep: the first step of each decay. */
  milestoneSteps: number[];
  /** step: the decay period, in steps. */
  periodSteps: number;
}

/** Resolves a trial's schedule hyperparameters against the run's steps per epoch. */
export function lrScheduleOf(hyper: Hyper, stepsPerEpoch: number): LrSchedule {
  const toSteps = (epochs: number) => Math.round(epochs * stepsPerEpoch);
  return {
    kind: hyper.schedule ?? "constant",
    lr: hyper.lr,
    minLr: hyper.minLr ?? 0,
    gamma: hyper.gamma ?? 0.1,
    warmupSteps: hyper.warmupSteps ?? toSteps(hyper.warmupEpochs ?? 0),
    totalSteps: hyper.epochs * stepsPerEpoch,
    milestoneSteps: (hyper.milestones ?? []).map(toSteps),
    periodSteps: Math.max(1, toSteps(hyper.stepEpochs ?? hyper.epochs)),
  };
}

/**
 * The rate of the update with 0-based index `step`:
 *   warmup factor  min(1, (step + 1) / warmupSteps)
 * times the schedule's rate
 *   constant   lr
 *   step       lr * gamma^floor(step / periodSteps)
 *   multistep  lr * gamma^(milestones at or before step)
 *   cosine     minLr + (lr - minLr) * (1 + cos(pi * p)) / 2
 *   linear     minLr + (lr - minLr) * (1 - p)
 * where p = (step - warmupSteps) / (totalSteps - warmupSteps), clamped to [0, 1]: the decay
 * starts when warmup ends and reaches minLr at the end of the run.
 */
export function learningRateAt(s: LrSchedule, step: number): number {
  const warmup = s.warmupSteps > 0 && step < s.warmupSteps ? (step + 1) / s.warmupSteps : 1;
  const span = s.totalSteps - s.warmupSteps;
  const p = span > 0 ? Math.min(1, Math.max(0, (step - s.warmupSteps) / span)) : 0;
  let rate: number;
  switch (s.kind) {
    case "constant":
      rate = s.lr;
      break;
    case "step":
      rate = s.lr * Math.pow(s.gamma, Math.floor(step / s.periodSteps));
      break;
    case "multistep":
      rate = s.lr * Math.pow(s.gamma, s.milestoneSteps.filter((m) => step >= m).length);
      break;
    case "cosine":
      rate = s.minLr + ((s.lr - s.minLr) * (1 + Math.cos(Math.PI * p))) / 2;
      break;
    case "linear":
      rate = s.minLr + (s.lr - s.minLr) * (1 - p);
      break;
  }
  return warmup * rate;
}
