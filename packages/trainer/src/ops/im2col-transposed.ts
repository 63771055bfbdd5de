import * as tf from "@tensorflow/tfjs";
import { backingArray, zerosWithBacking } from "./backing-array.js";

/**
 * The transposed im2col matrix P^T [k*k*C, B*Ho*Wo] of a 'same'-padded input, so the filter
 * gradient is one plain matMul: dW = P^T dy. Built by a JS loop straight from the tensor's
 * storage into the result's (tfjs-wasm's Slice + Concat took ~40x longer); undefined elsewhere.
 */
export function im2colTransposed(x: tf.Tensor4D, k: number, stride: number, padTop: number, padLeft: number): tf.Tensor2D | undefined {
  if (!backingArray(x)) return undefined;
  const [b, h, w, c] = x.shape;
  const ho = Math.ceil(h / stride);
  const wo = Math.ceil(w / stride);
  const rows = b * ho * wo;
  const target = zerosWithBacking([k * k * c, rows])!;
  const out = target.values;
  const from = backingArray(x)!; // after the allocation, which may have moved the heap
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const rowBase = (i * k + j) * c;
      // the output columns whose source column is inside the image (the rest is padding)
      const oxLo = Math.max(0, Math.ceil((padLeft - j) / stride));
      const oxHi = Math.min(wo, Math.floor((w - 1 + padLeft - j) / stride) + 1);
      const step = stride * c;
      for (let n = 0; n < b; n++) {
        for (let oy = 0; oy < ho; oy++) {
          const sy = oy * stride + i - padTop;
          if (sy < 0 || sy >= h) continue; // stays zero (padding)
          const q0 = (n * ho + oy) * wo;
          const srcRow = (n * h + sy) * w;
          // channel-outer: each channel's output positions are one contiguous run of writes
          for (let ch = 0; ch < c; ch++) {
            const dst = (rowBase + ch) * rows + q0;
            let s = (srcRow + oxLo * stride + j - padLeft) * c + ch;
            for (let ox = oxLo; ox < oxHi; ox++, s += step) out[dst + ox] = from[s]!;
          }
        }
      }
    }
  }
  return target.tensor as tf.Tensor2D;
}
