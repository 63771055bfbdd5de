import { type TrialStatus } from "@gemsweep/contracts";

/** One reported epoch of a trial. `epoch` is numbered as the trainer stores it. */
export interface EpochPoint {
  readonly epoch: number;
  readonly metric: number;
}

/** A read-only view of a trial as the store holds it: what strategies and pruners decide on. */
export interface TrialSnapshot {
  readonly id?: string;
  readonly configKey: string;
  readonly benchmark: string;
  readonly seed: number;
  readonly status: TrialStatus;
  /** Per-epoch metric, ascending by epoch. */
  readonly curve?: readonly EpochPoint[];
  readonly finalMetric?: number | null;
}
