// x + bias over the last axis as one kernel, GemSweepBiasAdd: tfjs-wasm's broadcasting Add took
// 1.6 ms for the small CNN's [128, 28, 28, 16] + [16], 3x a same-shape Add and 8x a ReLU pass
// (bench/bench-bias-add.ts). Holds the op, its gradient and the plain JS loop (the cpu kernel).
import * as tf from "@tensorflow/tfjs";
import { channelSum } from "./channel-sum.js";

export const BIAS_ADD_KERNEL = "GemSweepBiasAdd";

/** y[..., c] = x[..., c] + bias[c]. */
export function biasAddLoop(x: Float32Array, bias: Float32Array, y: Float32Array): void {
  const channels = bias.length;
  for (let i = 0; i < x.length; i += channels) for (let c = 0; c < channels; c++) y[i + c] = x[i + c]! + bias[c]!;
}

/** x [..., C] + bias [C]. */
export function biasAdd<T extends tf.Tensor>(x: T, bias: tf.Tensor1D): T {
  return tf.engine().runKernel(BIAS_ADD_KERNEL, { x, bias }) as T;
}

/** dx = dy, dbias = dy summed over every axis but the last. */
export const biasAddGradConfig: tf.GradConfig = {
  kernelName: BIAS_ADD_KERNEL,
  inputsToSave: [],
  gradFunc: (dy) => ({ x: () => dy as tf.Tensor, bias: () => channelSum(dy as tf.Tensor) }),
};
