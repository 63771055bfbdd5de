// Shapes of the API's JSON as the pages read them (the server's zod schemas are the source;
// these are the client's view, without importing server code into the browser bundle).
import type { Activation, TrialStatus } from "@gemsweep/contracts";
import type { ComparisonCell, ComparisonTable } from "@gemsweep/core";

/** The order pages list trial statuses in (the statuses themselves are the contracts'). */
export const TRIAL_STATUS_ORDER = ["COMPLETED", "RUNNING", "QUEUED", "DIVERGED", "FAILED", "PRUNED", "CANCELLED"] as const satisfies readonly TrialStatus[];
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

export interface TrialDetail extends Omit<TrialRow, "attempts"> {
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
  summary?: { trials: number; configs: number; gridTrials: number; benchmarks: number; seeds: number; baselineKey: string; tableShape: { rows: number; cols: number } };
}
