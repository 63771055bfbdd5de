import { ErrorCode, isGemSweepError } from "@gemsweep/contracts";
import { BackendUnavailableError } from "@gemsweep/kernels";

/**
 * How a thrown error ends an attempt. A bad config (invalid payload, unknown benchmark, a
 * dataset file that is missing or malformed: the trainer's DatasetError is a GemSweepError) fails the trial at once with the reason;
 * anything else (Redis/Postgres hiccups, a crashed backend) is infrastructure: retried with
 * backoff. Divergence is not an error at all: the trainer returns it as a result.
 */
export type FailureKind = "bad-config" | "infrastructure";

export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof BackendUnavailableError) return "infrastructure";
  if (isGemSweepError(error)) {
    return error.code === ErrorCode.INVALID_INPUT ||
      error.code === ErrorCode.INVALID_SPEC ||
      error.code === ErrorCode.NOT_FOUND
      ? "bad-config"
      : "infrastructure";
  }
  return "infrastructure";
}
