// A bias's gradient, dy summed over every axis but the last: the kernels package's
// GemSweepChannelSum on wasm / cpu (tf.sum over the leading axes of an NHWC tensor transposes it
// first on wasm), tf.sum elsewhere.
import * as tf from "@tensorflow/tfjs";
import { CHANNEL_SUM_KERNEL, channelSum } from "@gemsweep/kernels";

export function biasGradient(dy: tf.Tensor): tf.Tensor1D {
  if (tf.getKernel(CHANNEL_SUM_KERNEL, tf.getBackend())) return channelSum(dy);
  return tf.sum(tf.reshape(dy, [-1, dy.shape[dy.rank - 1]!]), 0) as tf.Tensor1D;
}
