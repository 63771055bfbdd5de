import * as tf from "@tensorflow/tfjs";
import { MAX_POOL_KERNEL, maxPool2x2 as maxPoolKernel } from "@gemsweep/kernels";

/**
 * 2x2 / stride-2 max pooling whose gradient routes dy to each window's first maximum: the kernels
 * package's GemSweepMaxPool2x2 on wasm / cpu (SIMD on wasm; tfjs-wasm's MaxPoolGrad was the
 * slowest kernel of a small CNN step), tfjs' own op and gradient elsewhere.
 */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.getKernel(MAX_POOL_KERNEL, tf.getBackend()) ? maxPoolKernel(x) : tf.maxPool(x, 2, 2, "valid");
}
