// 2x2 / stride-2 max pooling (NHWC, 'valid': an odd last row or column is dropped) and its gradient
// as kernels, GemSweepMaxPool2x2 and GemSweepMaxPool2x2Grad: dy goes to each window's first
// maximum. The forward kernel also returns which element of each window won (a small mask), so the
// gradient reads that mask and dy instead of x again: on the small CNN's [128, 28, 28, 16] that is
// 6.4 MB less to read per step, and x itself need not be kept for the backward pass. Holds the op
// and the plain JS loops (the cpu kernels, and wasm's where C % 4 != 0).
import * as tf from "@tensorflow/tfjs";

export const MAX_POOL_KERNEL = "GemSweepMaxPool2x2";
export const MAX_POOL_GRAD_KERNEL = "GemSweepMaxPool2x2Grad";

/** The gradient kernel's attributes: x's shape (dy's does not say whether x had an odd last row or column). */
export interface MaxPoolGradAttrs {
  inputShape: number[];
}

/**
 * Bytes of the mask for pooling x of `shape`, either layout: the JS loops' one byte per output
 * element, or the SIMD loop's 16 bits per 4 channels (wasm, C % 4 == 0). Rounded up to whole int32s
 * (the mask is an int32 tensor, its bytes read through a Uint8Array).
 */
export const maxPoolMaskBytes = ([b, h, w, c]: readonly number[]): number => 4 * Math.ceil((b! * Math.floor(h! / 2) * Math.floor(w! / 2) * c!) / 4);

/** The element offsets of a window's four positions from its first, in the order the mask numbers them (0: top left ... 3: bottom right). */
const windowOffsets = (w: number, c: number): [number, number, number, number] => [0, c, w * c, w * c + c];

/** Calls visit(o, p00) for each pooled pixel: o its first element in y (or dy), p00 its window's first element in x (or dx). */
function forEachWindow(shape: readonly number[], visit: (o: number, p00: number) => void): void {
  const [b, h, w, c] = shape as [number, number, number, number];
  const [ho, wo] = [Math.floor(h / 2), Math.floor(w / 2)];
  for (let n = 0; n < b; n++) {
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) visit(((n * ho + oy) * wo + ox) * c, ((n * h + 2 * oy) * w + 2 * ox) * c);
    }
  }
}

/** y [b, h/2, w/2, c] = the maximum of each 2x2 window of x [b, h, w, c]; mask[o] = which of the window's four won first (JS layout). */
export function maxPoolLoop(x: Float32Array, shape: readonly number[], y: Float32Array, mask: Uint8Array): void {
  const c = shape[3]!;
  const offsets = windowOffsets(shape[2]!, c);
  forEachWindow(shape, (o, p00) => {
    for (let ch = 0; ch < c; ch++) {
      let best = 0;
      for (let k = 1; k < 4; k++) if (x[p00 + offsets[k]! + ch]! > x[p00 + offsets[best]! + ch]!) best = k;
      y[o + ch] = x[p00 + offsets[best]! + ch]!;
      mask[o + ch] = best;
    }
  });
}

/** dx (zeroed) = dy at each window's winner, from the JS loop's mask. */
export function maxPoolGradLoop(dy: Float32Array, mask: Uint8Array, inputShape: readonly number[], dx: Float32Array): void {
  const c = inputShape[3]!;
  const offsets = windowOffsets(inputShape[2]!, c);
  forEachWindow(inputShape, (o, p00) => {
    for (let ch = 0; ch < c; ch++) dx[p00 + offsets[mask[o + ch]!]! + ch] = dy[o + ch]!;
  });
}

/** 2x2 max pooling with stride 2; its gradient reads the forward kernel's mask. */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  const pool = tf.customGrad((xx, save) => {
    const [y, mask] = tf.engine().runKernel(MAX_POOL_KERNEL, { x: xx as tf.Tensor4D }) as unknown as [tf.Tensor4D, tf.Tensor];
    (save as tf.GradSaveFunc)([mask]);
    const attrs: MaxPoolGradAttrs = { inputShape: [...x.shape] };
    return {
      value: y,
      gradFunc: (dy, saved) => tf.engine().runKernel(MAX_POOL_GRAD_KERNEL, { dy: dy as tf.Tensor, mask: saved[0]! }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D,
    };
  });
  return pool(x) as tf.Tensor4D;
}
