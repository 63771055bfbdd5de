// A 2-D convolution (NHWC, filter [k, k, Cin, Cout], explicit padding, any stride) and its input
// gradient as kernels, GemSweepConv2D and GemSweepConv2DInputGrad, with a registered gradient
// (dx by the input-gradient kernel, dW by GemSweepConv2DFilterGrad): tfjs-wasm's own transposed
// convolution ran stride 2 at ~2 GFLOP/s. Holds the ops and the plain JS loops (the cpu kernels).
import * as tf from "@tensorflow/tfjs";
import { conv2dFilterGrad } from "./conv2d-filter-grad.js";

export const CONV2D_KERNEL = "GemSweepConv2D";
export const CONV2D_INPUT_GRAD_KERNEL = "GemSweepConv2DInputGrad";

export interface Conv2dAttrs {
  stride: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
}

/** The output size along one axis. */
export const convOutputSize = (size: number, k: number, stride: number, before: number, after: number): number => Math.floor((size + before + after - k) / stride) + 1;

/** TensorFlow's 'same' padding [before, after] along one axis. */
export function samePadding(size: number, k: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + k - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** 'same' padding attributes for an input of [.., h, w, ..] and a k x k filter. */
export function sameConv2dAttrs(h: number, w: number, k: number, stride: number): Conv2dAttrs {
  const [padTop, padBottom] = samePadding(h, k, stride);
  const [padLeft, padRight] = samePadding(w, k, stride);
  return { stride, padTop, padBottom, padLeft, padRight };
}

/** out [b, ho, wo, cout] = conv(x [b, h, w, cin], w [k, k, cin, cout]). */
export function conv2dLoop(x: Float32Array, xShape: readonly number[], w: Float32Array, k: number, cout: number, a: Conv2dAttrs, out: Float32Array): void {
  const [b, h, wd, cin] = xShape as [number, number, number, number];
  const ho = convOutputSize(h, k, a.stride, a.padTop, a.padBottom);
  const wo = convOutputSize(wd, k, a.stride, a.padLeft, a.padRight);
  const acc = new Float64Array(cout);
  for (let n = 0; n < b; n++) {
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        acc.fill(0);
        for (let kh = 0; kh < k; kh++) {
          const iy = oy * a.stride + kh - a.padTop;
          if (iy < 0 || iy >= h) continue;
          for (let kw = 0; kw < k; kw++) {
            const ix = ox * a.stride + kw - a.padLeft;
            if (ix < 0 || ix >= wd) continue;
            const xi = ((n * h + iy) * wd + ix) * cin;
            const wi = (kh * k + kw) * cin * cout;
            for (let ci = 0; ci < cin; ci++) {
              const xv = x[xi + ci]!;
              for (let co = 0; co < cout; co++) acc[co]! += xv * w[wi + ci * cout + co]!;
            }
          }
        }
        out.set(acc, ((n * ho + oy) * wo + ox) * cout);
      }
    }
  }
}

/** dx [b, h, w, cin] (zeroed) of a convolution whose output gradient is dy [b, ho, wo, cout]. */
export function conv2dInputGradLoop(dy: Float32Array, dyShape: readonly number[], w: Float32Array, k: number, cin: number, a: Conv2dAttrs, xShape: readonly number[], dx: Float32Array): void {
  const [b, ho, wo, cout] = dyShape as [number, number, number, number];
  const [, h, wd] = xShape as [number, number, number, number];
  for (let n = 0; n < b; n++) {
    for (let oy = 0; oy < ho; oy++) {
      for (let ox = 0; ox < wo; ox++) {
        const di = ((n * ho + oy) * wo + ox) * cout;
        for (let kh = 0; kh < k; kh++) {
          const iy = oy * a.stride + kh - a.padTop;
          if (iy < 0 || iy >= h) continue;
          for (let kw = 0; kw < k; kw++) {
            const ix = ox * a.stride + kw - a.padLeft;
            if (ix < 0 || ix >= wd) continue;
            const xi = ((n * h + iy) * wd + ix) * cin;
            const wi = (kh * k + kw) * cin * cout;
            for (let ci = 0; ci < cin; ci++) {
              let s = 0;
              for (let co = 0; co < cout; co++) s += dy[di + co]! * w[wi + ci * cout + co]!;
              dx[xi + ci]! += s;
            }
          }
        }
      }
    }
  }
}

/** conv(x [B, H, W, Cin], filter [k, k, Cin, Cout]) with explicit padding; differentiable in both. */
export function conv2dWithGrad(x: tf.Tensor4D, filter: tf.Tensor4D, attrs: Conv2dAttrs): tf.Tensor4D {
  return tf.engine().runKernel(CONV2D_KERNEL, { x, filter }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/** dx [inputShape] of conv2dWithGrad, given its output gradient dy. */
export function conv2dInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: Conv2dAttrs, inputShape: readonly number[]): tf.Tensor4D {
  return tf.engine().runKernel(CONV2D_INPUT_GRAD_KERNEL, { dy, filter }, { ...attrs, inputShape: [...inputShape] } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/** GemSweepConv2D's gradient: the input-gradient kernel and the filter-gradient kernel. */
export const conv2dGradConfig: tf.GradConfig = {
  kernelName: CONV2D_KERNEL,
  inputsToSave: ["x", "filter"],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const a = attrs as unknown as Conv2dAttrs;
    return {
      x: () => conv2dInputGrad(dy as tf.Tensor4D, filter, a, x.shape),
      filter: () => conv2dFilterGrad(x, dy as tf.Tensor4D, { k: filter.shape[0], stride: a.stride, padTop: a.padTop, padLeft: a.padLeft }),
    };
  },
};
