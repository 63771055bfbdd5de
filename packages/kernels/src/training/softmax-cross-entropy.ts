// The mean softmax cross-entropy of a classifier's logits and its gradient with respect to them,
// in one kernel, GemSweepSoftmaxCrossEntropy: composed of tf ops it was about 25 kernels a step
// (max, exp, sums, log, one-hot, ...), 0.27 ms of a 4.7 ms MLP step on wasm, nearly all dispatch
// for a [128, 10] tensor. Holds the op and the JS loop both the wasm and the cpu kernel run.
import * as tf from "@tensorflow/tfjs";

export const SOFTMAX_CROSS_ENTROPY_KERNEL = "GemSweepSoftmaxCrossEntropy";

export interface SoftmaxCrossEntropyAttrs {
  /** Label smoothing e: the target is (1 - e) onehot(label) + e / classes. */
  smoothing: number;
}

/**
 * Writes d loss / d z into `grad` and returns the loss: z [rows, classes] logits, labels [rows]
 * (one outside [0, classes) has no hard target), weights [rows] or every row 1. loss = sum_i w_i
 * (-sum_c t_ic log softmax(z_i)_c) / max(sum_i w_i, 1e-12); grad_ic = (softmax(z_i)_c - t_ic) w_i /
 * that total. Accumulates in float64; a NaN or a +Infinity in a row makes the loss NaN.
 */
export function softmaxCrossEntropyLoop(z: Float32Array, labels: Int32Array, weights: Float32Array | undefined, classes: number, smoothing: number, grad: Float32Array): number {
  const rows = labels.length;
  let weightSum = 0;
  for (let i = 0; i < rows; i++) weightSum += weights ? weights[i]! : 1;
  const total = Math.max(weightSum, 1e-12);
  const [spread, hardTarget] = [smoothing / classes, 1 - smoothing];
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, z[base + c]!);
    // exp(z - max) into grad first: one exp per element
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += grad[base + c] = Math.exp(z[base + c]! - max);
    const logSum = max + Math.log(sum);
    const label = labels[i]!;
    const w = weights ? weights[i]! : 1;
    const scale = w / total;
    let rowLoss = 0;
    for (let c = 0; c < classes; c++) {
      const target = (c === label ? hardTarget : 0) + spread;
      rowLoss -= target * (z[base + c]! - logSum);
      grad[base + c] = (grad[base + c]! / sum - target) * scale;
    }
    loss += w * rowLoss;
  }
  return loss / total;
}

/** [loss (scalar), d loss / d logits] of logits [N, C] and int32 labels [N], weighted by weights [N] if given. */
export function softmaxCrossEntropyWithGrad(logits: tf.Tensor2D, labels: tf.Tensor1D, weights: tf.Tensor1D | undefined, smoothing: number): [tf.Scalar, tf.Tensor2D] {
  const attrs: SoftmaxCrossEntropyAttrs = { smoothing };
  const inputs: tf.NamedTensorMap = weights ? { logits, labels, weights } : { logits, labels };
  return tf.engine().runKernel(SOFTMAX_CROSS_ENTROPY_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as unknown as [tf.Scalar, tf.Tensor2D];
}
