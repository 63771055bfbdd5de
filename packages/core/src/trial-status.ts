import * as z from "zod";

// Trial states, spelled as the Prisma enum TrialStatus (prisma/schema.prisma).
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
