// 2x2 / stride-2 max pooling (NHWC, 'valid': an odd last row or column is dropped) and its gradient
// as kernels, GemSweepMaxPool2x2 and GemSweepMaxPool2x2Grad, the gradient registered: dy goes to
// each window's first maximum. Holds the op and the plain JS loops (the cpu kernels).
import * as tf from "@tensorflow/tfjs";

export const MAX_POOL_KERNEL = "GemSweepMaxPool2x2";
export const MAX_POOL_GRAD_KERNEL = "GemSweepMaxPool2x2Grad";

/** y [b, h/2, w/2, c] = the maximum of each 2x2 window of x [b, h, w, c]; or, with dy, dx (zeroed) += dy at each window's first maximum. */
export function maxPoolLoop(x: Float32Array, shape: readonly number[], out: Float32Array, dy?: Float32Array): void {
  const [b, h, w, c] = shape as [number, number, number, number];
  const [ho, wo] = [Math.floor(h / 2), Math.floor(w / 2)];
  for (let n = 0; n < b; n++) {
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        const o = ((n * ho + oy) * wo + ox) * c;
        const p00 = ((n * h + 2 * oy) * w + 2 * ox) * c;
        const [p01, p10] = [p00 + c, p00 + w * c];
        const p11 = p10 + c;
        for (let ch = 0; ch < c; ch++) {
          let best = p00 + ch;
          for (const p of [p01, p10, p11]) if (x[p + ch]! > x[best]!) best = p + ch;
          if (dy) out[best] = dy[o + ch]!;
          else out[o + ch] = x[best]!;
        }
      }
    }
  }
}

/** 2x2 max pooling with stride 2. */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.engine().runKernel(MAX_POOL_KERNEL, { x }) as tf.Tensor4D;
}

export const maxPoolGradConfig: tf.GradConfig = {
  kernelName: MAX_POOL_KERNEL,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    return { x: () => tf.engine().runKernel(MAX_POOL_GRAD_KERNEL, { x, dy: dy as tf.Tensor }) as tf.Tensor };
  },
};
