// SGD with momentum's whole per-parameter update as one kernel (GemSweepMomentumUpdate, webgpu
// only: on wasm / cpu the trainer's optimizer runs the same loop over the tensors' storage). Holds
// the op, its per-step attributes and the plain JS loop the tests take as the reference.
import * as tf from "@tensorflow/tfjs";

export const MOMENTUM_UPDATE_KERNEL = "GemSweepMomentumUpdate";

export interface MomentumUpdateAttrs {
  lr: number;
  momentum: number;
  /** L2 weight decay folded into the gradient */
  l2: number;
}

/**
 * The update over [from, to): v = momentum v + g + l2 w (written in place), the new weights
 * w - lr v into `out`; returns the sum of g^2 there (the optimizer's loop in optimizer.ts).
 */
export function momentumLoop(g: Float32Array, w: Float32Array, v: Float32Array, out: Float32Array, from: number, to: number, a: MomentumUpdateAttrs): number {
  let sumSq = 0;
  for (let i = from; i < to; i++) {
    const gi = g[i]!;
    sumSq += gi * gi;
    const wi = w[i]!;
    const vi = a.momentum * v[i]! + gi + a.l2 * wi;
    v[i] = vi;
    out[i] = wi - a.lr * vi;
  }
  return sumSq;
}

/**
 * One step of a parameter, nothing read back: v changes in place; returns the new weights and
 * partial sums of g^2 (one per workgroup) whose total is the squared gradient norm.
 */
export function momentumUpdateTensors(g: tf.Tensor, w: tf.Tensor, v: tf.Tensor, attrs: MomentumUpdateAttrs): { next: tf.Tensor; sumSqPartials: tf.Tensor1D } {
  const [next, partials] = tf.engine().runKernel(MOMENTUM_UPDATE_KERNEL, { g, w, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { next: next!, sumSqPartials: partials as tf.Tensor1D };
}
