import { type MetricName } from "@gemsweep/contracts";

/** Dead units of one activation site over the health batch. */
export interface LayerHealth {
  site: string;
  units: number;
  /** Units whose output AND local gradient are exactly zero for every example of the batch. */
  deadUnits: number;
  deadFraction: number;
}

export interface EpochMetrics {
  /** 1-based epoch number. */
  epoch: number;
  /** Test-set loss (mean cross-entropy). */
  loss: number;
  /** The benchmark's metric on the test set (accuracy in [0, 1], perplexity, or loss). */
  metric: number;
  metricName: MetricName;
  /** Mean training loss over the epoch's batches. */
  trainLoss: number;
  samplesPerSec: number;
  epochSeconds: number;
  /** Mean and max global gradient L2 norm over the epoch's steps. */
  gradNorm: number;
  gradNormMax: number;
  /** Dead-unit fraction over all activation sites, and per site. */
  deadFraction: number;
  health: LayerHealth[];
  steps: number;
}

export type TrialStatus = "completed" | "diverged" | "stopped";

export interface TrialResult {
  status: TrialStatus;
  epochs: EpochMetrics[];
  /** Metric of the last completed epoch (null when none completed or the benchmark has none). */
  finalMetric: number | null;
  metricName: MetricName;
  /** Why the trial diverged / stopped. */
  reason?: string;
  backend: string;
  parameterCount: number;
  /** Epochs already done in the checkpoint this run resumed from (0 = fresh start). */
  resumedFromEpoch: number;
  seconds: number;
}
