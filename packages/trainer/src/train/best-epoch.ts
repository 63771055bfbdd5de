import type { Direction, ReportedSplit } from "@gemsweep/contracts";

// Why: "best" must mean the epoch with the best validation metric, reported on the split the
// benchmark reports; choosing the best epoch by its test metric would tune on the test set.

/** The per-epoch numbers the choice reads. */
export interface EpochSplits {
  epoch: number;
  valMetric: number | null;
  testMetric: number;
}

/** The loss a benchmark reports at one epoch (the split of reportedMetric). */
export function reportedLoss(e: { valLoss: number | null; testLoss: number }, split: ReportedSplit): number | null {
  return split === "validation" ? e.valLoss : e.testLoss;
}

/** The metric a benchmark reports at one epoch: the test split's, or the validation split's (BERT). */
export function reportedMetric(e: EpochSplits, split: ReportedSplit): number | null {
  return split === "validation" ? e.valMetric : e.testMetric;
}

/**
 * The epoch whose validation metric is best in `direction` (the earliest of ties), with its
 * reported metric; null when an epoch has no validation metric (valFraction 0) or none is finite.
 */
export function bestEpochOf(epochs: readonly EpochSplits[], direction: Direction, split: ReportedSplit): { epoch: number; metric: number } | null {
  let best: EpochSplits | undefined;
  for (const e of epochs) {
    if (e.valMetric === null) return null;
    if (!Number.isFinite(e.valMetric)) continue;
    if (!best || (direction === "max" ? e.valMetric > best.valMetric! : e.valMetric < best.valMetric!)) best = e;
  }
  if (!best) return null;
  const metric = reportedMetric(best, split);
  return metric === null ? null : { epoch: best.epoch, metric };
}
