// Why: the synthetic benchmark trains nothing; its accuracy per epoch is core's known function
// of the trial's activation, lr, weight decay and seed, so protocol tests can predict every
// rung decision and choice exactly, in milliseconds.
import type { Hyper } from "@gemsweep/contracts";
import { syntheticAccuracy } from "@gemsweep/core";
import * as tf from "@tensorflow/tfjs";
import type { RngState } from "../rng.js";
import { bestEpochOf } from "./best-epoch.js";
import { saveCheckpoint } from "./checkpoint.js";
import type { EpochMetrics, TrialResult } from "./metrics.js";
import type { TrialConfig, TrialHooks } from "./train-config.js";
import { failOnPurpose, resumedEpochs } from "./untrained-trial.js";

/**
 * Reports, after each epoch (sleeping `sleepMs` first), the validation and test accuracy (the
 * validation one as the epoch's selection metric), the test accuracy as the trial's final
 * metric, and its best (validation) epoch; a diverging lr gives a non-finite metric in epoch 1
 * and the trial diverges. Checkpoints its epochs like a real trial.
 */
export async function syntheticTrial(config: TrialConfig, hyper: Hyper, hooks: TrialHooks, started: number): Promise<TrialResult> {
  failOnPurpose("synthetic", hyper, config);
  const { epochs, resumedFromEpoch } = resumedEpochs(config);
  const result = (status: TrialResult["status"], reason?: string): TrialResult => ({
    status,
    epochs,
    finalMetric: status === "completed" ? (epochs.at(-1)?.testMetric ?? null) : null,
    finalLoss: status === "completed" ? (epochs.at(-1)?.testLoss ?? null) : null,
    best: status === "completed" ? bestEpochOf(epochs, "max", "test") : null,
    metricName: "accuracy",
    ...(reason ? { reason } : {}),
    backend: tf.getBackend(),
    parameterCount: 0,
    resumedFromEpoch,
    seconds: (performance.now() - started) / 1000,
  });
  const sleepMs = hyper.sleepMs ?? 0;
  for (let epoch = resumedFromEpoch; epoch < hyper.epochs; epoch++) {
    const t0 = performance.now();
    for (;;) {
      if (hooks.shouldStop && (await hooks.shouldStop())) return result("stopped", `stop requested in epoch ${epoch + 1}`);
      const left = sleepMs - (performance.now() - t0);
      if (left <= 0) break;
      await new Promise((r) => setTimeout(r, Math.min(left, 50)));
    }
    const { validation, test } = syntheticAccuracy(config.activation, hyper, config.seed, epoch + 1);
    const metrics: EpochMetrics = {
      epoch: epoch + 1,
      loss: 1 - validation,
      metric: validation,
      metricName: "accuracy",
      valMetric: validation,
      valLoss: 1 - validation,
      testMetric: test,
      testLoss: 1 - test,
      trainLoss: 1 - validation,
      lr: hyper.lr,
      samplesPerSec: 0,
      epochSeconds: (performance.now() - t0) / 1000,
      gradNorm: 0,
      gradNormMax: 0,
      deadFraction: 0,
      nearDeadFraction: 0,
      health: [],
      steps: 0,
    };
    epochs.push(metrics);
    if (!Number.isFinite(validation)) return result("diverged", `non-finite metric in epoch ${epoch + 1} (lr ${hyper.lr})`);
    await hooks.onEpoch?.(metrics);
    if (config.checkpointDir && epoch + 1 < hyper.epochs) {
      const meta = { benchmark: config.benchmark, seed: config.seed, activation: config.activation, epoch: epoch + 1, optimizerStep: 0, rngState: [0, 0, 0, 0] as RngState, epochs };
      await saveCheckpoint(config.checkpointDir, meta, []);
    }
  }
  return result("completed");
}
