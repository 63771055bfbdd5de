// Why: stage 1's choice and ASHA's rungs must read the validation metric and never the test
// metric; which column holds it is decided here, once, for every query that reads it.

/**
 * The per-epoch selection metric as an SQL expression over an "EpochMetric" row aliased `e`.
 * A trial's `metric` is the split it is selected on: the trainer reports the validation split's
 * metric there when the trial has one, and the test split's only when it has none (sleep,
 * synthetic without a split, valFraction 0).
 */
export const SELECTION_METRIC_SQL = `e.metric`;
