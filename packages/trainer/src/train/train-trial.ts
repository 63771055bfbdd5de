import { activationSchema, ErrorCode, GemSweepError, hyperRuleIssues, sameActivation, type Hyper, type MetricName } from "@gemsweep/contracts";
import * as tf from "@tensorflow/tfjs";
import { withRecipe } from "@gemsweep/core";
import { activation as makeActivation, loadBackend, takeDeviceError } from "@gemsweep/kernels";
import { getBenchmarkImpl, type TrainableBenchmark } from "../benchmark-registry.js";
import type { Model } from "../models/model.js";
import { softmaxCrossEntropy } from "../ops/softmax-cross-entropy.js";
import { Rng, RngStream, type RngState } from "../rng.js";
import { activationHealth, overallDeadFraction, overallNearDeadFraction } from "./activation-health.js";
import { bestEpochOf, reportedLoss, reportedMetric } from "./best-epoch.js";
import { CHECKPOINT_VERSION, hasCheckpoint, loadCheckpoint, restoreTensors, trySaveCheckpoint } from "./checkpoint.js";
import type { EpochMetrics, TrialResult } from "./metrics.js";
import { learningRateAt, lrScheduleOf } from "./lr-schedule.js";
import { Optimizer } from "./optimizer.js";
import { seededDropout } from "./seeded-dropout.js";
import { batchPrefetch } from "./batch-prefetch.js";
import { disposeBatch, type TaskData } from "./task-data.js";
import { queueTrainingStep, type StepContext } from "./training-step.js";
import { syntheticTrial } from "./synthetic-trial.js";
import { failOnPurpose, resumedEpochs } from "./untrained-trial.js";
import type { TrialConfig, TrialHooks } from "./train-config.js";

/**
 * The benchmark's recipe (core's catalog) with the trial's overrides applied and the cross-field
 * rules checked (a milestone past the end is an error, not a silent no-op). Bounds are the spec's
 * and the job's to check: tests push values past them on purpose (a huge lr to force divergence).
 */
export function resolveHyper(config: TrialConfig): Hyper {
  const hyper = withRecipe(config.benchmark, config.hyper ?? {});
  const issues = hyperRuleIssues(hyper).map((i) => ({ path: ["hyper", ...i.path].join("."), message: i.message }));
  if (issues.length > 0) {
    throw new GemSweepError(ErrorCode.INVALID_INPUT, `invalid hyperparameters of ${config.benchmark}: ${issues[0]!.path}: ${issues[0]!.message}`, { issues });
  }
  return hyper;
}

/** The benchmark's metric from an evaluation's mean loss and accuracy. */
function metricOf(name: MetricName, loss: number, accuracy: number): number {
  return name === "accuracy" ? accuracy : name === "perplexity" ? Math.exp(loss) : loss;
}

/**
 * Trains one trial: the benchmark's model with the trial's activation at every nonlinearity,
 * evaluates after each epoch, checkpoints, and reports through the hooks. Divergence (NaN/Inf
 * loss or gradients) and a stop request are results, not exceptions; data / config problems throw.
 */
export async function trainTrial(config: TrialConfig, hooks: TrialHooks = {}): Promise<TrialResult> {
  const started = performance.now();
  if (config.backend) await loadBackend(config.backend);
  await tf.ready();
  takeDeviceError(); // an error left by earlier work in this process is not this trial's
  const impl = getBenchmarkImpl(config.benchmark);
  const hyper = resolveHyper(config);
  const metricName = impl.info.metric;
  const base = { metricName, backend: tf.getBackend(), seconds: 0 };
  if (impl.kind === "sleep") return sleepTrial(config, hyper, hooks, started);
  if (impl.kind === "synthetic") return syntheticTrial(config, hyper, hooks, started);

  const data = await impl.load(
    hyper,
    { ...(config.dataDir ? { dataDir: config.dataDir } : {}), ...(config.download !== undefined ? { download: config.download } : {}), ...(config.syntheticData ? { synthetic: true } : {}), ...(config.verifyData === false ? { verify: false } : {}) },
    config.model ?? {},
  );
  if (data.trainCount === 0) {
    throw new GemSweepError(ErrorCode.INVALID_INPUT, `${config.benchmark}: no training examples left (trainLimit ${hyper.trainLimit ?? "none"}, valFraction ${hyper.valFraction ?? 0})`);
  }
  const act = makeActivation(config.activation);
  const model = impl.build(data, new Rng(config.seed, RngStream.init), config.model ?? {});
  const optimizer = new Optimizer({
    name: hyper.optimizer,
    lr: hyper.lr,
    ...(hyper.momentum !== undefined ? { momentum: hyper.momentum } : {}),
    ...(hyper.weightDecay !== undefined ? { weightDecay: hyper.weightDecay } : {}),
    ...(hyper.beta1 !== undefined ? { beta1: hyper.beta1 } : {}),
    ...(hyper.beta2 !== undefined ? { beta2: hyper.beta2 } : {}),
    ...(hyper.adamEps !== undefined ? { epsilon: hyper.adamEps } : {}),
  });
  const batchSize = hyper.batchSize;
  const steps = Math.ceil(data.trainCount / batchSize);
  const schedule = lrScheduleOf(hyper, steps);
  const dataRng = new Rng(config.seed, RngStream.data);
  // Dropout masks draw from their own stream: the data order is the same with and without dropout.
  let dropoutRng = new Rng(config.seed, RngStream.dropout);
  const epochs: EpochMetrics[] = [];
  const parameterCount = model.params.reduce((a, p) => a + p.variable.size, 0);
  const checkpointTensors = () => [
    ...model.params.map((p) => ({ name: `param/${p.name}`, tensor: p.variable })),
    ...model.state.map((p) => ({ name: `state/${p.name}`, tensor: p.variable })),
    ...optimizer.stateTensors(model.params).map((s) => ({ name: `opt/${s.name}`, tensor: s.tensor })),
  ];

  let resumedFromEpoch = 0;
  let rng = dataRng;
  const ck = config.resume && config.checkpointDir && hasCheckpoint(config.checkpointDir) ? loadCheckpoint(config.checkpointDir) : undefined;
  // A checkpoint of an older version was trained with another recipe: start over (checkpoint.ts).
  if (ck && config.checkpointDir && ck.meta.version === CHECKPOINT_VERSION) {
    const stored = activationSchema.safeParse(ck.meta.activation); // a file on disk: validate before comparing
    if (ck.meta.benchmark !== config.benchmark || ck.meta.seed !== config.seed || !stored.success || !sameActivation(stored.data, config.activation)) {
      throw new GemSweepError(ErrorCode.CONFLICT, `checkpoint in ${config.checkpointDir} belongs to another trial (benchmark/seed/activation differ)`);
    }
    restoreTensors(ck, checkpointTensors(), config.checkpointDir);
    optimizer.step = ck.meta.optimizerStep;
    rng = new Rng(ck.meta.rngState);
    if (ck.meta.dropoutRngState) dropoutRng = new Rng(ck.meta.dropoutRngState);
    epochs.push(...ck.meta.epochs);
    resumedFromEpoch = ck.meta.epoch;
  }

  const finish = (status: TrialResult["status"], reason?: string): TrialResult => {
    model.dispose();
    optimizer.dispose();
    const last = epochs[epochs.length - 1];
    return {
      ...base,
      status,
      epochs,
      finalMetric: status === "diverged" || !last ? null : reportedMetric(last, impl.info.reportedSplit),
      finalLoss: status === "diverged" || !last ? null : reportedLoss(last, impl.info.reportedSplit),
      best: status === "diverged" ? null : bestEpochOf(epochs, impl.info.direction, impl.info.reportedSplit),
      ...(reason ? { reason } : {}),
      parameterCount,
      resumedFromEpoch,
      seconds: (performance.now() - started) / 1000,
    };
  };

  const dropout = (hyper.dropout ?? 0) > 0 ? seededDropout(hyper.dropout!, dropoutRng) : undefined;
  const stepContext: StepContext = {
    model,
    optimizer,
    act: (x) => act(x),
    smoothing: hyper.labelSmoothing ?? 0,
    ...(dropout ? { dropout } : {}),
    ...(hyper.gradClip !== undefined ? { gradClip: hyper.gradClip } : {}),
  };
  let lastLr = learningRateAt(schedule, optimizer.step);
  for (let epoch = resumedFromEpoch; epoch < hyper.epochs; epoch++) {
    const perm = rng.permutation(data.trainCount);
    const t0 = performance.now();
    let lossSum = 0;
    let normSum = 0;
    let normMax = 0;
    let examples = 0;
    let lastProgress = t0;
    // One read per step, a step late: step s's [loss, norm] is read after step s + 1 is queued, so
    // the device always has the next step's work while the trainer waits. A non-finite step is
    // therefore seen one step later at most (its weights were already updated once more; the trial
    // ends as diverged either way, named after the step that went non-finite). On wasm / cpu the
    // read costs nothing and the order is the same.
    let inFlight: { step: number; examples: number; stats: tf.Tensor; values: Promise<ArrayLike<number>> } | undefined;
    /** Reads the step in flight; its divergence reason, or undefined when its numbers are finite. */
    const settle = async (): Promise<string | undefined> => {
      const done = inFlight!;
      inFlight = undefined;
      const values = await done.values;
      done.stats.dispose();
      const [loss, norm] = [values[0]!, values[1]!];
      throwOnDeviceError(`epoch ${epoch + 1}, step ${done.step + 1}`);
      if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
        return `${Number.isFinite(loss) ? "gradient norm" : "training loss"} became non-finite (${Number.isFinite(loss) ? norm : loss}) in epoch ${epoch + 1} at step ${done.step + 1}`;
      }
      lossSum += loss * done.examples;
      examples += done.examples;
      normSum += norm;
      normMax = Math.max(normMax, norm);
      const now = performance.now();
      if (hooks.onProgress && (now - lastProgress > 500 || done.step + 1 === steps)) {
        hooks.onProgress((done.step + 1) / steps, epoch + 1);
        lastProgress = now;
      }
      return undefined;
    };
    const batches = batchPrefetch(steps, (s) => data.trainBatch(perm.subarray(s * batchSize, Math.min((s + 1) * batchSize, data.trainCount)), rng), config.prefetch !== false);
    try {
      for (let s = 0; s < steps; s++) {
        if (hooks.shouldStop) {
          const stop = hooks.shouldStop();
          if (stop === true || (typeof stop === "object" && (await stop))) {
            const diverged = inFlight ? await settle() : undefined;
            return finish(diverged ? "diverged" : "stopped", diverged ?? `stop requested in epoch ${epoch + 1} at step ${s}`);
          }
        }
        const batch = batches.take(s);
        optimizer.lr = learningRateAt(schedule, optimizer.step);
        lastLr = optimizer.lr;
        const stats = queueTrainingStep(stepContext, batch);
        disposeBatch(batch); // a device backend keeps the buffers until the queued step has run
        const values = stats.data(); // starts the read now, behind this step's work
        batches.prepare(s + 1); // CPU work while the device runs this step
        const diverged = inFlight ? await settle() : undefined;
        inFlight = { step: s, examples: batch.examples, stats, values };
        if (diverged) return finish("diverged", diverged);
      }
      const diverged = await settle();
      if (diverged) return finish("diverged", diverged);
    } finally {
      batches.dispose();
      if (inFlight) {
        await inFlight.values.catch(() => undefined); // a pending read must finish before its tensor goes
        inFlight.stats.dispose();
      }
    }
    const trainSeconds = (performance.now() - t0) / 1000;
    const val = data.valCount > 0 ? await evaluate(model, data, impl, act, "val") : undefined;
    const test = await evaluate(model, data, impl, act, "test");
    throwOnDeviceError(`the evaluation after epoch ${epoch + 1}`);
    if (val && !Number.isFinite(val.loss)) return finish("diverged", `validation loss became non-finite (${val.loss}) after epoch ${epoch + 1}`);
    if (!Number.isFinite(test.loss)) return finish("diverged", `test loss became non-finite (${test.loss}) after epoch ${epoch + 1}`);
    const health = await evaluationHealth(model, data, impl, act);
    const testMetric = metricOf(metricName, test.loss, test.accuracy);
    const valMetric = val ? metricOf(metricName, val.loss, val.accuracy) : null;
    const metrics: EpochMetrics = {
      epoch: epoch + 1,
      loss: val ? val.loss : test.loss,
      metric: valMetric ?? testMetric,
      metricName,
      valMetric,
      valLoss: val ? val.loss : null,
      testMetric,
      testLoss: test.loss,
      trainLoss: lossSum / Math.max(examples, 1),
      lr: lastLr,
      samplesPerSec: examples / trainSeconds,
      epochSeconds: (performance.now() - t0) / 1000,
      gradNorm: normSum / steps,
      gradNormMax: normMax,
      deadFraction: overallDeadFraction(health),
      nearDeadFraction: overallNearDeadFraction(health),
      health,
      steps,
    };
    epochs.push(metrics);
    if ((await hooks.onEpoch?.(metrics)) === false) return finish("stopped", `abandoned after epoch ${epoch + 1}`);
    if (config.checkpointDir) {
      const skipped = await trySaveCheckpoint(
        config.checkpointDir,
        { benchmark: config.benchmark, seed: config.seed, activation: config.activation, epoch: epoch + 1, optimizerStep: optimizer.step, rngState: rng.state(), dropoutRngState: dropoutRng.state(), epochs },
        checkpointTensors(),
      );
      if (skipped) hooks.onCheckpointSkipped?.(skipped, epoch + 1);
    }
  }
  return finish("completed");
}

/** A failed device program (webgpu) leaves wrong numbers, not an exception: see kernels' device-errors.ts. */
function throwOnDeviceError(where: string): void {
  const error = takeDeviceError();
  if (error) throw new GemSweepError(ErrorCode.INTERNAL, `the ${tf.getBackend()} device reported an error during ${where}: ${error}`);
}

/** Mean loss and accuracy over one evaluation split. */
async function evaluate(model: Model, data: TaskData, impl: TrainableBenchmark, act: (x: tf.Tensor) => tf.Tensor, split: "val" | "test") {
  let lossSum = 0;
  let weightSum = 0;
  let correct = 0;
  let rows = 0;
  const forward = { training: false, act: (x: tf.Tensor) => act(x), stateUpdates: [] };
  const count = split === "val" ? data.valCount : data.testCount;
  for (let start = 0; start < count; start += impl.evalBatchSize) {
    const end = Math.min(start + impl.evalBatchSize, count);
    const batch = split === "val" ? data.valBatch(start, end) : data.testBatch(start, end);
    // [weighted loss, weight, weighted hits] in one tensor: one read back per batch.
    const sums = tf.tidy(() => {
      const logits = model.forward(batch.input, forward);
      const weights = batch.weights ?? tf.ones([logits.shape[0]]);
      const wsum = tf.sum(weights);
      const loss = tf.mul(softmaxCrossEntropy(logits, batch.labels, weights), wsum);
      const hit = tf.sum(tf.mul(tf.cast(tf.equal(tf.argMax(logits, 1), batch.labels), "float32"), weights));
      return tf.stack([loss, wsum, hit]);
    });
    const [l, w, c] = (await sums.data()) as Float32Array;
    sums.dispose();
    lossSum += l!;
    weightSum += w!;
    correct += c!;
    rows += w!;
    disposeBatch(batch);
  }
  return { loss: lossSum / Math.max(weightSum, 1e-12), accuracy: correct / Math.max(rows, 1e-12) };
}

/** Activation health over the first test examples (a diagnostic: it selects nothing). */
async function evaluationHealth(model: Model, data: TaskData, impl: TrainableBenchmark, act: (x: tf.Tensor) => tf.Tensor) {
  const healthBatch = data.testBatch(0, Math.min(impl.healthExamples, data.testCount));
  const health = await activationHealth(model, healthBatch.input, act);
  disposeBatch(healthBatch);
  return health;
}

async function sleepTrial(config: TrialConfig, hyper: Hyper, hooks: TrialHooks, started: number): Promise<TrialResult> {
  failOnPurpose("sleep", hyper, config);
  const sleepMs = hyper.sleepMs ?? 0;
  // Checkpoints like a real trial (no tensors, just the epochs done), so orchestration tests can
  // check that a re-delivered trial resumes where it left off instead of starting over.
  const { epochs, resumedFromEpoch } = resumedEpochs(config);
  const result = (status: TrialResult["status"], reason?: string): TrialResult => ({
    status,
    epochs,
    finalMetric: null,
    finalLoss: null,
    best: null,
    metricName: "none",
    ...(reason ? { reason } : {}),
    backend: tf.getBackend(),
    parameterCount: 0,
    resumedFromEpoch,
    seconds: (performance.now() - started) / 1000,
  });
  for (let epoch = resumedFromEpoch; epoch < hyper.epochs; epoch++) {
    const t0 = performance.now();
    // Sleep in slices so a stop request is seen within ~50 ms.
    for (;;) {
      if (hooks.shouldStop && (await hooks.shouldStop())) return result("stopped", `stop requested in epoch ${epoch + 1}`);
      const left = sleepMs - (performance.now() - t0);
      if (left <= 0) break;
      await new Promise((r) => setTimeout(r, Math.min(left, 50)));
      hooks.onProgress?.(Math.min(1, (performance.now() - t0) / Math.max(sleepMs, 1)), epoch + 1);
    }
    const seconds = (performance.now() - t0) / 1000;
    const metrics: EpochMetrics = {
      epoch: epoch + 1,
      loss: 0,
      metric: 0,
      metricName: "none",
      valMetric: null,
      valLoss: null,
      testMetric: 0,
      testLoss: 0,
      trainLoss: 0,
      lr: 0,
      samplesPerSec: 0,
      epochSeconds: seconds,
      gradNorm: 0,
      gradNormMax: 0,
      deadFraction: 0,
      nearDeadFraction: 0,
      health: [],
      steps: 0,
    };
    epochs.push(metrics);
    if ((await hooks.onEpoch?.(metrics)) === false) return result("stopped", `abandoned after epoch ${epoch + 1}`);
    // (none after the last epoch: the trial is about to complete, there is nothing to resume)
    if (config.checkpointDir && epoch + 1 < hyper.epochs) {
      const meta = { benchmark: config.benchmark, seed: config.seed, activation: config.activation, epoch: epoch + 1, optimizerStep: 0, rngState: [0, 0, 0, 0] as RngState, epochs };
      const skipped = await trySaveCheckpoint(config.checkpointDir, meta, []);
      if (skipped) hooks.onCheckpointSkipped?.(skipped, epoch + 1);
    }
  }
  return result("completed");
}
