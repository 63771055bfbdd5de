// Batch norm in training mode (statistics over every axis but the last, NHWC channels) as two
// kernels, GemSweepBatchNorm and its gradient GemSweepBatchNormGrad: the op, its gradient
// config, and the plain JS loops (float64 sums) that are the cpu kernels and the tests' reference.
import * as tf from "@tensorflow/tfjs";

export const BATCH_NORM_KERNEL = "GemSweepBatchNorm";
export const BATCH_NORM_GRAD_KERNEL = "GemSweepBatchNormGrad";

export interface BatchNormAttrs {
  eps: number;
}

/** mean, (biased) variance and y = (x - mean) / sqrt(variance + eps) * gamma + beta, per channel. */
export function batchNormForwardLoop(x: Float32Array, gamma: Float32Array, beta: Float32Array, eps: number, y: Float32Array, mean: Float32Array, variance: Float32Array): void {
  const c = gamma.length;
  const n = x.length / c;
  const sum = new Float64Array(c);
  for (let i = 0; i < x.length; i += c) for (let ch = 0; ch < c; ch++) sum[ch]! += x[i + ch]!;
  for (let ch = 0; ch < c; ch++) mean[ch] = sum[ch]! / n;
  const sq = new Float64Array(c);
  for (let i = 0; i < x.length; i += c) {
    for (let ch = 0; ch < c; ch++) {
      const d = x[i + ch]! - mean[ch]!;
      sq[ch]! += d * d;
    }
  }
  const scale = new Float64Array(c);
  const shift = new Float64Array(c);
  for (let ch = 0; ch < c; ch++) {
    variance[ch] = sq[ch]! / n;
    scale[ch] = gamma[ch]! / Math.sqrt(variance[ch]! + eps);
    shift[ch] = beta[ch]! - mean[ch]! * scale[ch]!;
  }
  for (let i = 0; i < x.length; i += c) for (let ch = 0; ch < c; ch++) y[i + ch] = x[i + ch]! * scale[ch]! + shift[ch]!;
}

/** The per-channel sums the backward pass needs: s1 = sum dy, s2 = sum dy (x - mean). */
export function batchNormGradSums(dy: Float32Array, x: Float32Array, mean: Float32Array): { s1: Float64Array; s2: Float64Array } {
  const c = mean.length;
  const s1 = new Float64Array(c);
  const s2 = new Float64Array(c);
  for (let i = 0; i < x.length; i += c) {
    for (let ch = 0; ch < c; ch++) {
      s1[ch]! += dy[i + ch]!;
      s2[ch]! += dy[i + ch]! * (x[i + ch]! - mean[ch]!);
    }
  }
  return { s1, s2 };
}

/**
 * dx = a dy + b x + d per channel, and dgamma, dbeta, from the sums: with r = 1/sqrt(var + eps),
 * dx = gamma r (dy - s1/n) - gamma r^3 s2 (x - mean)/n, plus dmean/n and 2 dvar (x - mean)/n for
 * gradients arriving at the mean and variance outputs.
 */
export function batchNormGradCoefficients(
  s1: ArrayLike<number>, s2: ArrayLike<number>, mean: Float32Array, variance: Float32Array, gamma: Float32Array, dmean: Float32Array, dvariance: Float32Array, n: number, eps: number,
): { a: Float32Array; b: Float32Array; d: Float32Array; dgamma: Float32Array } {
  const c = mean.length;
  const [a, b, d, dgamma] = [new Float32Array(c), new Float32Array(c), new Float32Array(c), new Float32Array(c)];
  for (let ch = 0; ch < c; ch++) {
    const r = 1 / Math.sqrt(variance[ch]! + eps);
    const g = gamma[ch]!;
    const bb = (-g * r * r * r * s2[ch]!) / n + (2 * dvariance[ch]!) / n;
    a[ch] = g * r;
    b[ch] = bb;
    d[ch] = (-g * r * s1[ch]!) / n + dmean[ch]! / n - bb * mean[ch]!;
    dgamma[ch] = r * s2[ch]!;
  }
  return { a, b, d, dgamma };
}

/** dx = a dy + b x + d, per channel. */
export function batchNormInputGradLoop(dy: Float32Array, x: Float32Array, a: Float32Array, b: Float32Array, d: Float32Array, dx: Float32Array): void {
  const c = a.length;
  for (let i = 0; i < x.length; i += c) for (let ch = 0; ch < c; ch++) dx[i + ch] = a[ch]! * dy[i + ch]! + b[ch]! * x[i + ch]! + d[ch]!;
}

/**
 * Training-mode batch norm of x [..., C]: y, and the batch mean and (biased) variance [C] for the
 * running averages. Differentiable in x, gamma and beta through y, mean and variance alike.
 */
export function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps = 1e-5): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_KERNEL, { x, gamma, beta }, { eps } as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { y: y!, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}

/** GemSweepBatchNorm's gradient: one GemSweepBatchNormGrad call gives dx, dgamma and dbeta. */
export const batchNormGradConfig: tf.GradConfig = {
  kernelName: BATCH_NORM_KERNEL,
  inputsToSave: ["x", "gamma"],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [dy, dmean, dvariance] = dys as tf.Tensor[];
    const [x, gamma, mean, variance] = saved as tf.Tensor[];
    // computed now, inside the backward pass' scope: each input's closure runs in a tidy of its own
    const [dx, dgamma, dbeta] = tf.engine().runKernel(BATCH_NORM_GRAD_KERNEL, { dy: dy!, x: x!, mean: mean!, variance: variance!, gamma: gamma!, dmean: dmean!, dvariance: dvariance! }, attrs) as tf.Tensor[];
    return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
  },
};
