import * as tf from "@tensorflow/tfjs";
import { RUNNING_AVERAGE_KERNEL, runningAverage } from "@gemsweep/kernels";
import type { ActFn, Model } from "../models/model.js";
import { softmaxCrossEntropy } from "../ops/softmax-cross-entropy.js";
import { clipByGlobalNormTensors } from "./gradient-clipping.js";
import type { Optimizer } from "./optimizer.js";
import type { Batch } from "./task-data.js";

// Why: one training step queued without reading anything back, so that a device backend (webgpu)
// waits for the device once per step at most: the trainer reads the [loss, norm] tensor this
// returns, a step late (train-trial.ts), and bench scripts count the programs of exactly this step.

export interface StepContext {
  model: Model;
  optimizer: Optimizer;
  act: (x: tf.Tensor) => tf.Tensor;
  dropout?: (x: tf.Tensor, site: string) => tf.Tensor;
  /** Label smoothing of the training loss's targets (0: none). */
  smoothing: number;
  /** Clip the gradients' global L2 norm to this before the update. */
  gradClip?: number;
}

/** The parts of a step, in order (for counting what each asks of the device). */
export type StepPhase = "forward" | "backward" | "clip" | "optimizer" | "running averages" | "stats";

/** Momentum of the batch-norm running averages (PyTorch's 0.1: new = 0.9 old + 0.1 batch). */
const RUNNING_MOMENTUM = 0.1;

/**
 * Queues one step: forward and backward on `batch`, clipping (gradClip), the optimizer's update at
 * its current rate, and the batch-norm running averages. Returns [training loss, global gradient
 * norm before clipping] as one float32 tensor of 2, unread (the caller disposes it). Nothing here
 * waits for the device; the batch stays the caller's. The running averages are updated even when
 * the step turns out non-finite: such a step ends the trial as diverged when its numbers are read,
 * before any evaluation or checkpoint could use them.
 */
export function queueTrainingStep(ctx: StepContext, batch: Batch, onPhase?: (phase: StepPhase) => void): tf.Tensor1D {
  const { model, optimizer } = ctx;
  const varList = model.params.map((p) => p.variable);
  const stateUpdates: Array<{ variable: tf.Variable; value: tf.Tensor }> = [];
  onPhase?.("forward");
  const act: ActFn = (x) => ctx.act(x);
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.forward(batch.input, { training: true, act, stateUpdates, ...(ctx.dropout ? { dropout: ctx.dropout } : {}) });
    for (const u of stateUpdates) tf.keep(u.value);
    const loss = softmaxCrossEntropy(logits, batch.labels, batch.weights, ctx.smoothing);
    onPhase?.("backward");
    return loss;
  }, varList);
  const gradList = varList.map((v) => grads[v.name]!);
  let clip: { norm: tf.Scalar; grads: tf.Tensor[] } | undefined;
  if (ctx.gradClip !== undefined) {
    onPhase?.("clip");
    clip = clipByGlobalNormTensors(gradList, ctx.gradClip);
  }
  onPhase?.("optimizer");
  const appliedNorm = optimizer.applyQueued(model.params, clip?.grads ?? gradList);
  tf.dispose(grads);
  onPhase?.("running averages");
  const averageKernel = tf.getKernel(RUNNING_AVERAGE_KERNEL, tf.getBackend()) !== undefined; // webgpu: one program, not three
  for (const u of stateUpdates) {
    const next = averageKernel ? runningAverage(u.variable, u.value, RUNNING_MOMENTUM) : tf.tidy(() => tf.add(tf.mul(u.variable, 1 - RUNNING_MOMENTUM), tf.mul(u.value, RUNNING_MOMENTUM)));
    u.variable.assign(next);
    next.dispose();
    u.value.dispose();
  }
  onPhase?.("stats");
  const norm = clip?.norm ?? appliedNorm;
  const stats = tf.tidy(() => tf.stack([tf.reshape(value, []), norm]) as tf.Tensor1D);
  tf.dispose([value, appliedNorm, ...(clip ? [clip.norm, ...clip.grads] : [])]);
  return stats;
}
