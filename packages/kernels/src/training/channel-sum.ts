// The sum of a tensor over every axis but the last, per channel (a bias gradient), as one kernel,
// GemSweepChannelSum: tfjs-wasm sums over leading axes by transposing first. Holds the op and the
// plain JS loop (the cpu kernel).
import * as tf from "@tensorflow/tfjs";

export const CHANNEL_SUM_KERNEL = "GemSweepChannelSum";

/** out[c] = the sum of x[..., c] (float64 accumulation). */
export function channelSumLoop(x: Float32Array, channels: number, out: Float32Array): void {
  const sum = new Float64Array(channels);
  for (let i = 0; i < x.length; i += channels) for (let c = 0; c < channels; c++) sum[c]! += x[i + c]!;
  out.set(sum);
}

/** x [..., C] summed over all leading axes: [C]. */
export function channelSum(x: tf.Tensor): tf.Tensor1D {
  return tf.engine().runKernel(CHANNEL_SUM_KERNEL, { x }) as tf.Tensor1D;
}
