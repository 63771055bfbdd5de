// Why: the sleep and synthetic benchmarks train nothing but must fail, checkpoint and resume
// like a real trial, so orchestration tests exercise the same paths; what they share lives here.
import { ErrorCode, GemSweepError, type Hyper } from "@gemsweep/contracts";
import { hasCheckpoint, loadCheckpoint } from "./checkpoint.js";
import type { EpochMetrics } from "./metrics.js";
import type { TrialConfig } from "./train-config.js";

/** Throws on each of the first `failTimes` attempts, on purpose (retry tests). */
export function failOnPurpose(benchmark: string, hyper: Hyper, config: TrialConfig): void {
  const failTimes = hyper.failTimes ?? 0;
  const attempt = config.attempt ?? 1;
  if (attempt <= failTimes)
    throw new GemSweepError(ErrorCode.INTERNAL, `${benchmark} benchmark: attempt ${attempt} fails on purpose (failTimes = ${failTimes})`);
}

/** The epochs an earlier attempt checkpointed and the epoch they reach (none and 0 without a checkpoint to resume). */
export function resumedEpochs(config: TrialConfig): { epochs: EpochMetrics[]; resumedFromEpoch: number } {
  if (!config.resume || !config.checkpointDir || !hasCheckpoint(config.checkpointDir)) return { epochs: [], resumedFromEpoch: 0 };
  const meta = loadCheckpoint(config.checkpointDir).meta;
  return { epochs: [...meta.epochs], resumedFromEpoch: meta.epoch };
}
