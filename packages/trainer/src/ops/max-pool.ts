import * as tf from "@tensorflow/tfjs";
import { backingArray, zerosWithBacking } from "./backing-array.js";

/**
 * 2x2 / stride-2 max pooling whose gradient routes dy to each window's first maximum in one JS
 * pass on wasm / cpu (tfjs-wasm's MaxPoolGrad was the slowest kernel of a small CNN step);
 * tfjs' own gradient elsewhere.
 */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  if (!backingArray(x)) return tf.maxPool(x, 2, 2, "valid");
  const f = tf.customGrad((xx, save) => {
    const t = xx as tf.Tensor4D;
    (save as tf.GradSaveFunc)([t]);
    return {
      value: tf.maxPool(t, 2, 2, "valid"),
      gradFunc: (dy, saved) => {
        const sx = saved[0] as tf.Tensor4D;
        const [b, h, w, c] = sx.shape;
        const ho = Math.floor(h / 2);
        const wo = Math.floor(w / 2);
        const target = zerosWithBacking([b, h, w, c])!;
        const out = target.values;
        const xs = backingArray(sx)!; // views after the allocation, which may have moved the heap
        const g = backingArray(dy as tf.Tensor) ?? ((dy as tf.Tensor).dataSync() as Float32Array);
        for (let n = 0; n < b; n++) {
          for (let oy = 0; oy < ho; oy++) {
            for (let ox = 0; ox < wo; ox++) {
              const o = ((n * ho + oy) * wo + ox) * c;
              const p00 = ((n * h + 2 * oy) * w + 2 * ox) * c;
              const p01 = p00 + c;
              const p10 = p00 + w * c;
              const p11 = p10 + c;
              for (let ch = 0; ch < c; ch++) {
                let best = p00 + ch;
                let v = xs[best]!;
                if (xs[p01 + ch]! > v) {
                  best = p01 + ch;
                  v = xs[best]!;
                }
                if (xs[p10 + ch]! > v) {
                  best = p10 + ch;
                  v = xs[best]!;
                }
                if (xs[p11 + ch]! > v) best = p11 + ch;
                out[best] = g[o + ch]!;
              }
            }
          }
        }
        return target.tensor as tf.Tensor4D;
      },
    };
  });
  return f(x) as tf.Tensor4D;
}
