import { type MetricName } from "@gemsweep/contracts";

/** Dead and near-dead units of one activation site over the health batch. */
export interface LayerHealth {
  site: string;
  units: number;
  /** Units whose output AND local gradient are exactly zero for every example of the batch. */
  deadUnits: number;
  deadFraction: number;
  /** Units whose pre-activation is negative on >= 99% of the batch's examples (and positions). */
  nearDeadUnits: number;
  nearDeadFraction: number;
}

export interface EpochMetrics {
  /** 1-based epoch number. */
  epoch: number;
  /**
   * The selection loss and metric: the validation split's when the trial has one, else the
   * test split's. What pruning, live curves and any tuning read, so none of them looks at the
   * test set when a validation set exists.
   */
  loss: number;
  metric: number;
  metricName: MetricName;
  /** The benchmark's metric (accuracy in [0, 1], perplexity, or loss) and mean cross-entropy on the validation split; null without one (valFraction 0). */
  valMetric: number | null;
  valLoss: number | null;
  /** The same on the test split. */
  testMetric: number;
  testLoss: number;
  /** Mean training loss over the epoch's batches (label smoothing included when set). */
  trainLoss: number;
  /** The learning rate of the epoch's last update. */
  lr: number;
  samplesPerSec: number;
  epochSeconds: number;
  /** Mean and max global gradient L2 norm over the epoch's steps (before clipping). */
  gradNorm: number;
  gradNormMax: number;
  /** Dead-unit and near-dead fractions over all activation sites (units weighted equally), and per site. */
  deadFraction: number;
  nearDeadFraction: number;
  health: LayerHealth[];
  steps: number;
}

export type TrialStatus = "completed" | "diverged" | "stopped";

export interface TrialResult {
  status: TrialStatus;
  epochs: EpochMetrics[];
  /** The reported metric (the benchmark's reportedSplit) of the last completed epoch (null when none completed or the benchmark has none). */
  finalMetric: number | null;
  /** The reported loss of the last completed epoch (null as finalMetric is). */
  finalLoss: number | null;
  /** The epoch with the best validation metric and its reported metric; null without validation (or for a diverged trial). */
  best: { epoch: number; metric: number } | null;
  metricName: MetricName;
  /** Why the trial diverged / stopped. */
  reason?: string;
  backend: string;
  parameterCount: number;
  /** Epochs already done in the checkpoint this run resumed from (0 = fresh start). */
  resumedFromEpoch: number;
  seconds: number;
}
