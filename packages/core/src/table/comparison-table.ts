import type { Activation, ActivationName, ActivationParam, Direction, HyperKey, MetricName } from "@gemsweep/contracts";
import type { SweptValues } from "../overrides/swept-values.js";

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
  /**
   * Activation health over all sites at the last recorded epoch (`value: "final"`): the share
   * of units dead (output and derivative exactly zero on the whole health batch) and near-dead
   * (pre-activation negative on >= 99% of it). Null when not recorded.
   */
  deadFraction?: number | null;
  nearDeadFraction?: number | null;
  /** The same at bestEpoch (`value: "best"`). */
  bestDeadFraction?: number | null;
  bestNearDeadFraction?: number | null;
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
  /** Trials still waiting for their tuning stage, queued or running. */
  pending: number;
  /** `value: "best"` only: completed trials without a best epoch because they ran without validation (valFraction 0). */
  noValidation: number;
  /** mean - its baseline row's mean (same column); null on a baseline row or with no data. */
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
  /**
   * Mean over the cell's seeds (those in `seeds`) of each trial's dead / near-dead fraction at
   * the reported epoch (the last for `value: "final"`, the best-validation one for "best");
   * null when none of them recorded it.
   */
  deadFraction: number | null;
  nearDeadFraction: number | null;
  /** Two-stage sweeps: the tuned values stage 1 chose for this cell's config (`lr* = 3e-3`); null before the choice or in one stage. */
  chosen: SweptValues | null;
}

export interface TableRow {
  /** The plan's row key (`e-gem|N=1|eps=0.01|lr=0.003`), or the pivot value key (`N=2`); for indexing only. */
  key: string;
  label: string;
  /** The row's activation as a value (null for a trial whose activation the catalog lost). */
  activation: Activation | null;
  /** The row's swept hyperparameters' values ({} when nothing is swept). */
  swept: SweptValues;
  /** In a pivoted table, the pivot parameter's value on this row (null on a baseline row). */
  pivotValue: number | null;
  isBaseline: boolean;
  /** The row its deltas and tests compare against: the baseline activation with the same swept values; null if none. */
  baselineRow: string | null;
  /** Cells aligned with `columns`. */
  cells: ComparisonCell[];
}

export interface PivotSpec {
  /** An activation parameter (N, eps, alpha) or a swept hyperparameter (lr). */
  by: ActivationParam | HyperKey;
  family: ActivationName;
  /** Fix the other parameters and swept hyperparameters when the family's grid has several values of them. */
  where?: Partial<Record<ActivationParam | HyperKey, number | string>>;
}

/** An ablation the table can be pivoted on (the plan's): a family with several values of one parameter. */
export interface TablePivotChoice {
  by: ActivationParam | HyperKey;
  family: ActivationName;
  values: number[];
}

/** Which trials the numbers come from. */
export interface TableStage {
  /** "compare": the comparison trials (a one-stage sweep's trials, or stage 2 of a two-stage sweep). */
  shown: "compare";
  /** Two-stage sweeps: what stage 1 tuned, on which metric; null for one stage. */
  tuned: { over: HyperKey[]; metric: "validation"; settings: number; scheduler: string } | null;
  /** One line for a legend. */
  note: string;
}

export interface ComparisonTable {
  columns: TableColumn[];
  rows: TableRow[];
  /** The pivots this sweep offers (`pivot` is the one applied, if any). */
  pivots: TablePivotChoice[];
  /** The baseline activation's key (its rows are the baseline rows). */
  baselineKey: string | null;
  /** The swept hyperparameters that are table axes (one CSV column each, with the tuned ones). */
  swept: HyperKey[];
  value: "final" | "best";
  pivot: PivotSpec | null;
  stage: TableStage;
  significance: {
    test: string;
    correction: string;
    levels: { mark: string; below: number }[];
  };
}
