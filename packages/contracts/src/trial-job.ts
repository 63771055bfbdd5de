import * as z from "zod";
import { activationSchema } from "./activation.js";
import { benchmarkNameSchema } from "./benchmarks.js";
import { ErrorCode } from "./errors.js";
import { hyperSchema } from "./hyperparams.js";
import { trialStageSchema } from "./statuses.js";
import { parseOrThrow } from "./zod-issues.js";

/** The BullMQ queue every trial job goes through. */
export const TRIAL_QUEUE = "gemsweep-trials";

/** A trial job's payload. The worker re-parses it: a queue is a trust boundary. */
export const trialJobSchema = z.strictObject({
  trialId: z.string().min(1).max(200),
  sweepId: z.string().min(1).max(200),
  benchmark: benchmarkNameSchema,
  activation: activationSchema,
  hyper: hyperSchema,
  seed: z
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  configKey: z.string().min(1).max(1000),
  /** The protocol stage (absent: COMPARE, as every job before two-stage sweeps). */
  stage: trialStageSchema.optional(),
  /** A tuning trial's comparison config (the config key its choice is made for). */
  groupKey: z.string().min(1).max(1000).optional(),
  /** A tuning trial's setting number within its config (ASHA's brackets are assigned by it). */
  sample: z.int().min(0).optional(),
});
export type TrialJob = z.output<typeof trialJobSchema>;

/** Parses a job payload or throws GemSweepError INVALID_INPUT naming the bad fields. */
export function parseTrialJob(data: unknown): TrialJob {
  return parseOrThrow(trialJobSchema, data, "trial job payload", ErrorCode.INVALID_INPUT);
}

/** BullMQ job id for a trial: one job per trial, so re-enqueueing is idempotent. */
export function trialJobId(trialId: string): string {
  return `trial-${trialId}`;
}
