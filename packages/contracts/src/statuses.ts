import * as z from "zod";

// Every state machine's states, spelled as the Prisma enums of prisma/schema.prisma (a db test
// checks that the two agree). Apps, the API and the dashboard import them from here.

export const TRIAL_STATUSES = [
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

/** States in which a trial still counts as work to do. */
export const OPEN_TRIAL_STATUSES: readonly TrialStatus[] = ["QUEUED", "RUNNING"];

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
