import type { Activation, ActivationName, ActivationParam, Direction, MetricName } from "@gemsweep/contracts";

/** One trial as the store's table query returns it. */
export interface TableTrialRow {
  benchmark: string;
  configKey: string;
  /** From the trial's columns; a name the catalog no longer has is kept as text. */
  activation: { name: string; N?: number | null; eps?: number | null; alpha?: number | null };
  seed: number;
  status: string;
  finalMetric: number | null;
  /** The reported metric at the best validation epoch, used when the table is built with `value: "best"`. */
  bestMetric?: number | null;
  /** That epoch; null (with a null bestMetric) for a trial that ran without validation. */
  bestEpoch?: number | null;
}

export interface TableColumn {
  benchmark: string;
  title: string;
  metric: MetricName | string;
  direction: Direction;
}

export interface ComparisonCell {
  /** Completed seeds with a finite metric. */
  n: number;
  mean: number | null;
  /** Sample standard deviation; null when n < 2. */
  std: number | null;
  ci95: [number, number] | null;
  seeds: number[];
  /** Trials that ended without a usable metric (FAILED, DIVERGED, or a non-finite value). */
  failed: number;
  /** Trials still queued or running. */
  pending: number;
  /** `value: "best"` only: completed trials without a best epoch because they ran without validation (valFraction 0). */
  noValidation: number;
  /** mean - baseline mean (same column); null on the baseline row or with no data. */
  delta: number | null;
  /** Seeds both this row and the baseline completed (the paired test's n). */
  pairs: number;
  /** Two-sided paired t-test over `pairs` seeds vs the baseline. */
  pValue: number | null;
  /** Holm-adjusted across the rows of this column. */
  pHolm: number | null;
  /** `***` p < 0.001, `**` < 0.01, `*` < 0.05 (Holm-adjusted), else "". */
  mark: string;
  /** Best mean of the column in the metric's direction (ties all marked). */
  best: boolean;
}

export interface TableRow {
  /** The plan's row key (`e-gem|N=1|eps=0.01`), or the pivot value key (`N=2`); for indexing only. */
  key: string;
  label: string;
  /** The row's activation as a value (null for a trial whose activation the catalog lost). */
  activation: Activation | null;
  /** In a pivoted table, the pivot parameter's value on this row (null on the baseline row). */
  pivotValue: number | null;
  isBaseline: boolean;
  /** Cells aligned with `columns`. */
  cells: ComparisonCell[];
}

export interface PivotSpec {
  by: ActivationParam;
  family: ActivationName;
  /** Fix the other parameters when the family's grid has several values of them. */
  where?: Partial<Record<ActivationParam, number>>;
}

/** An ablation the table can be pivoted on (the plan's): a family with several values of one parameter. */
export interface TablePivotChoice {
  by: ActivationParam;
  family: ActivationName;
  values: number[];
}

export interface ComparisonTable {
  columns: TableColumn[];
  rows: TableRow[];
  /** The pivots this sweep offers (`pivot` is the one applied, if any). */
  pivots: TablePivotChoice[];
  baselineKey: string | null;
  value: "final" | "best";
  pivot: PivotSpec | null;
  significance: {
    test: string;
    correction: string;
    levels: { mark: string; below: number }[];
  };
}
