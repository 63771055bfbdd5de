// x + bias over the last axis: the kernels package's GemSweepBiasAdd on wasm / cpu (tfjs-wasm's
// broadcasting Add is 3.5x a same-shape add), tf.add elsewhere. Callers give the gradient
// (dy, biasGradient(dy)) through tf.customGrad.
import * as tf from "@tensorflow/tfjs";
import { BIAS_ADD_KERNEL, biasAdd } from "@gemsweep/kernels";

export function addBias<T extends tf.Tensor>(x: T, bias: tf.Tensor1D): T {
  if (tf.getKernel(BIAS_ADD_KERNEL, tf.getBackend())) return biasAdd(x, bias);
  return tf.add(x, bias);
}
