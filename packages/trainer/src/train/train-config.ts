import type { Activation, BackendName, BenchmarkName, Hyper } from "@gemsweep/contracts";
import type { EpochMetrics } from "./metrics.js";

export interface TrialConfig {
  benchmark: BenchmarkName;
  activation: Activation;
  /** Overrides of the benchmark's default hyperparameters (core's catalog). */
  hyper?: Partial<Hyper>;
  seed: number;
  /** Where to write a checkpoint after each epoch (and read one from, with resume). */
  checkpointDir?: string;
  /** Continue from the checkpoint in checkpointDir when there is one. */
  resume?: boolean;
  /** Switch tfjs to this backend first (the worker usually has done so already). */
  backend?: BackendName;
  /** Data directory and whether missing data may be downloaded. */
  dataDir?: string;
  download?: boolean;
  /** Check files against the standard datasets' checksums (default true; tests with small files turn it off). */
  verifyData?: boolean;
  /** Random data of the benchmark's shapes instead of its dataset (throughput benchmarks; IDX datasets). */
  syntheticData?: boolean;
  /** Model knobs for tests and ablations (e.g. { hiddenBias: -10 }, { layers: 1 }). */
  model?: Record<string, number>;
  /**
   * Build each batch while the previous step runs (default true: on a GPU the CPU work then
   * overlaps the device's); false builds it when its step starts. Either way the same batches in
   * the same order (tests check that nothing changes).
   */
  prefetch?: boolean;
  /** 1-based attempt number (the sleep benchmark fails its first failTimes attempts). */
  attempt?: number;
}

export interface TrialHooks {
  /** Called (and awaited) after each epoch's evaluation. */
  onEpoch?(metrics: EpochMetrics): void | Promise<void>;
  /** Fraction of the current epoch done, in (0, 1]; throttled. */
  onProgress?(fraction: number, epoch: number): void;
  /** Checked between batches: true ends the trial as `stopped` (drain, cancel, pruning). */
  shouldStop?(): boolean | Promise<boolean>;
}
