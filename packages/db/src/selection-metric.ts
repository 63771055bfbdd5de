// Why: stage 1's choice and ASHA's rungs must read the validation metric and never the test
// metric; which column holds it is decided here, once, for every query that reads it.

/**
 * The per-epoch selection metric as an SQL expression over an "EpochMetric" row aliased `e`:
 * the validation split's metric, or, for a trial run without one (valFraction 0, sleep) and for
 * rows written before validation existed, the epoch's `metric` (the split it is selected on).
 */
export const SELECTION_METRIC_SQL = `coalesce(e."valMetric", e.metric)`;
