// Shapes of the API's JSON as the pages read them (the server's zod schemas are the source;
// these are the client's view, without importing server code into the browser bundle).
import type { Activation, TrialStage, TrialStatus } from "@gemsweep/contracts";
import type { ComparisonCell, ComparisonTable, SweepSummary as SweepSummaryPreview } from "@gemsweep/core";

/** The order pages list trial statuses in (the statuses themselves are the contracts'). */
export const TRIAL_STATUS_ORDER = ["COMPLETED", "RUNNING", "QUEUED", "WAITING", "DIVERGED", "FAILED", "PRUNED", "CANCELLED"] as const satisfies readonly TrialStatus[];
export type TrialStatusName = TrialStatus;
export type StatusCounts = Record<TrialStatus, number>;

export interface SweepSummary {
  id: string;
  name: string;
  status: string;
  baseline: string;
  createdAt: string;
  finishedAt: string | null;
  counts: StatusCounts;
  total: number;
}

export interface SweepList {
  sweeps: SweepSummary[];
  total: number;
  limit: number;
  offset: number;
}

export interface TrialRow {
  id: string;
  benchmark: string;
  activation: string;
  n: number | null;
  eps: number | null;
  alpha: number | null;
  seed: number;
  configKey: string;
  status: TrialStatusName;
  finalMetric: number | null;
  bestMetric: number | null;
  bestEpoch: number | null;
  epochsDone: number;
  attempts: number;
  error: string | null;
  stage: TrialStage;
  sample: number | null;
  rung: number | null;
  values: Record<string, unknown>;
}

export interface TrialPage {
  trials: TrialRow[];
  total: number;
  limit: number;
  offset: number;
}

export interface LayerHealth {
  site?: string;
  layer?: string;
  units?: number;
  deadUnits?: number;
  deadFraction?: number;
  [key: string]: unknown;
}

export interface EpochRow {
  epoch: number;
  /** selection loss / metric: validation's, or test's without validation */
  loss: number | null;
  metric: number | null;
  valMetric: number | null;
  valLoss: number | null;
  testMetric: number | null;
  testLoss: number | null;
  lr: number | null;
  trainLoss: number | null;
  samplesPerSec: number | null;
  epochSeconds: number | null;
  gradNorm: number | null;
  health: LayerHealth[] | null;
  attemptId: string | null;
}

export interface AttemptRow {
  id: string;
  number: number;
  workerId: string | null;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  checkpoint: string | null;
}

export interface TrialDetail extends Omit<TrialRow, "attempts" | "values"> {
  sweepId: string;
  config: { activation?: Record<string, unknown>; hyper?: Record<string, unknown>; activationKey?: string };
  finalLoss: number | null;
  validation: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  attempts: AttemptRow[];
  epochs: EpochRow[];
}

export interface CurvePoint {
  epoch: number;
  mean: number;
  std: number | null;
  min: number;
  max: number;
  n: number;
}

export interface Curve {
  benchmark: string;
  configKey: string;
  activationKey: string;
  activation: Activation | null;
  label: string;
  points: CurvePoint[];
}

// The table is core's own type (a type-only import: nothing of core reaches the browser bundle).
export type TableCell = ComparisonCell;
export type ComparisonTableJson = ComparisonTable;

export interface WorkerRow {
  id: string;
  host: string;
  pid: number | null;
  backend: string;
  device: string;
  concurrency: number;
  status: "ACTIVE" | "DRAINING" | "STOPPED";
  currentTrialId: string | null;
  startedAt: string;
  lastHeartbeat: string;
  alive: boolean;
  trialsDone: number;
  samplesPerSec: number | null;
}

export interface SpecPreview {
  ok: boolean;
  errors?: { path: string; message: string }[];
  // core's own summary type (type-only: nothing of core reaches the browser bundle)
  summary?: SweepSummaryPreview;
  /** the dry run's report, as `gemsweep run --dry-run` prints it */
  plan?: string;
}

/** Stage 1 of a tune-then-compare sweep as GET /api/sweeps/:id/tuning returns it (db's SweepTuning, dates as text). */
export interface SweepTuningJson {
  stages: number;
  over: string[];
  scheduler: { strategy: string; reductionFactor?: number; minResource?: number } | null;
  stoppedEarly: number;
  groups: {
    configKey: string;
    benchmark: string;
    rowKey: string;
    label: string;
    choice: { values: Record<string, number | string | number[]> | null; sample: number | null; score: number | null; trials: number; completed: number; reason: string; decidedAt: string } | null;
    trials: { id: string; sample: number; seed: number; status: TrialStatus; setting: Record<string, number | string | number[]>; rung: number | null; epochsDone: number; score: number | null; error: string | null }[];
    compare: StatusCounts;
  }[];
}
