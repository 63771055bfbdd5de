import * as z from "zod";

// Every state machine's states, spelled as the Prisma enums of prisma/schema.prisma (a db test
// checks that the two agree). Apps, the API and the dashboard import them from here.

export const TRIAL_STATUSES = [
  /** A comparison trial of a two-stage sweep whose config is still being tuned (no job yet). */
  "WAITING",
  "QUEUED",
  "RUNNING",
  "COMPLETED",
  "DIVERGED",
  "FAILED",
  "PRUNED",
  "CANCELLED",
] as const;
export const trialStatusSchema = z.enum(TRIAL_STATUSES);
export type TrialStatus = z.infer<typeof trialStatusSchema>;

/** States a trial never leaves. */
export const TERMINAL_TRIAL_STATUSES: ReadonlySet<TrialStatus> = new Set([
  "COMPLETED",
  "DIVERGED",
  "FAILED",
  "PRUNED",
  "CANCELLED",
]);

/** States in which a trial still counts as work to do (a sweep with one is not finished). */
export const OPEN_TRIAL_STATUSES: readonly TrialStatus[] = ["WAITING", "QUEUED", "RUNNING"];

/** Open states that have a job in the queue (WAITING trials get theirs when their stage opens). */
export const RUNNABLE_TRIAL_STATUSES: readonly TrialStatus[] = ["QUEUED", "RUNNING"];

/**
 * Which stage of the protocol a trial belongs to: TUNE (stage 1, searches one config's
 * hyperparameters on validation) or COMPARE (stage 2, the chosen setting over the comparison
 * seeds; every trial of a one-stage sweep is a COMPARE trial).
 */
export const TRIAL_STAGES = ["TUNE", "COMPARE"] as const;
export const trialStageSchema = z.enum(TRIAL_STAGES);
export type TrialStage = z.infer<typeof trialStageSchema>;

export const SWEEP_STATUSES = ["QUEUED", "RUNNING", "COMPLETED", "CANCELLED", "FAILED"] as const;
export const sweepStatusSchema = z.enum(SWEEP_STATUSES);
export type SweepStatus = z.infer<typeof sweepStatusSchema>;

export const ATTEMPT_STATUSES = [
  "RUNNING",
  "COMPLETED",
  "DIVERGED",
  "FAILED",
  "INTERRUPTED",
  "STALLED",
] as const;
export const attemptStatusSchema = z.enum(ATTEMPT_STATUSES);
export type AttemptStatus = z.infer<typeof attemptStatusSchema>;

export const WORKER_STATUSES = ["ACTIVE", "DRAINING", "STOPPED"] as const;
export const workerStatusSchema = z.enum(WORKER_STATUSES);
export type WorkerStatus = z.infer<typeof workerStatusSchema>;
