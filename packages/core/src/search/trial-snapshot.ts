import { type TrialStage, type TrialStatus } from "@gemsweep/contracts";

/** One reported epoch of a trial. `epoch` is numbered as the trainer stores it. */
export interface EpochPoint {
  readonly epoch: number;
  /** The selection metric (validation where the trial has a validation split). */
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
  /** COMPARE when absent. */
  readonly stage?: TrialStage;
  /** A tuning trial's comparison config (its peers for ASHA share it). */
  readonly groupKey?: string | null;
  /** A tuning trial's setting number (ASHA assigns brackets by it). */
  readonly sample?: number | null;
  /** The highest ASHA rung the trial was decided at (promoted from, or stopped at); null before any. */
  readonly rung?: number | null;
  /** The epochs the trial trains (its maximum resource). */
  readonly epochs?: number;
}
