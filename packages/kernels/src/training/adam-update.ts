// Adam / AdamW's whole per-parameter update as one kernel (GemSweepAdamUpdate): the op, its
// per-step attributes and the plain JS loop that is its cpu kernel, its reference and the SIMD tail.
import * as tf from "@tensorflow/tfjs";

export const ADAM_UPDATE_KERNEL = "GemSweepAdamUpdate";

/** Per-step scalars of the update (bias corrections change every step, so they are attributes). */
export interface AdamUpdateAttrs {
  b1: number;
  b2: number;
  /** lr / (1 - b1^t) */
  stepLr: number;
  /** 1 - b2^t */
  bc2: number;
  eps: number;
  /** L2 weight decay folded into the gradient (Adam), 0 for AdamW */
  l2: number;
  /** AdamW's decoupled decay factor 1 - lr * wd, 1 for Adam */
  decoupled: number;
}

/**
 * The update over [from, to) of the arrays: gradient norm, weight decay, both moments (written
 * in place), bias correction and the new weights into `out`; returns the sum of g^2 there.
 */
export function adamLoop(g: Float32Array, w: Float32Array, m: Float32Array, v: Float32Array, out: Float32Array, from: number, to: number, a: AdamUpdateAttrs): number {
  const { b1, b2, stepLr, bc2, eps, l2, decoupled } = a;
  let sumSq = 0;
  for (let i = from; i < to; i++) {
    const gi0 = g[i]!;
    sumSq += gi0 * gi0;
    const wi = w[i]!;
    const gi = gi0 + l2 * wi;
    const mi = b1 * m[i]! + (1 - b1) * gi;
    const vi = b2 * v[i]! + (1 - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    out[i] = wi * decoupled - (stepLr * mi) / (Math.sqrt(vi / bc2) + eps);
  }
  return sumSq;
}

/**
 * One Adam/AdamW step of a parameter, nothing read back (webgpu: the whole step stays on the
 * device): m and v change in place; returns the new weights and partial sums of g^2 whose total
 * is the squared gradient norm (one element on cpu / wasm, one per workgroup on webgpu).
 */
export function adamUpdateTensors(g: tf.Tensor, w: tf.Tensor, m: tf.Tensor, v: tf.Tensor, attrs: AdamUpdateAttrs): { next: tf.Tensor; sumSqPartials: tf.Tensor1D } {
  const [next, partials] = tf.engine().runKernel(ADAM_UPDATE_KERNEL, { g, w, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { next: next!, sumSqPartials: partials as tf.Tensor1D };
}

/**
 * One Adam/AdamW step of a parameter on wasm or cpu: m and v (its slots) change in place; returns
 * the new weights (a new tensor: wasm's matMul caches packed weights per tensor) and the squared
 * norm of the gradient.
 */
export function adamUpdate(g: tf.Tensor, w: tf.Tensor, m: tf.Tensor, v: tf.Tensor, attrs: AdamUpdateAttrs): { next: tf.Tensor; sumSq: number } {
  const [next, sum] = tf.engine().runKernel(ADAM_UPDATE_KERNEL, { g, w, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  const sumSq = sum!.dataSync()[0]!;
  sum!.dispose();
  return { next: next!, sumSq };
}
