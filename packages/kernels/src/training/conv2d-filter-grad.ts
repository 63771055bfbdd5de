// The filter gradient of a 2-D convolution (NHWC, filter [k, k, Cin, Cout], any stride and
// padding) as one kernel, GemSweepConv2DFilterGrad: stock tfjs-wasm has no Conv2DBackpropFilter.
// Holds the op, its attributes and the plain JS loop (the cpu kernel, and the reference in tests).
import * as tf from "@tensorflow/tfjs";

export const CONV2D_FILTER_GRAD_KERNEL = "GemSweepConv2DFilterGrad";

export interface Conv2dFilterGradAttrs {
  /** filter size (k x k) */
  k: number;
  stride: number;
  /** rows / columns of zero padding before the input (the output size is dy's) */
  padTop: number;
  padLeft: number;
}

/** The output positions [lo, hi) whose input position o * stride + tap - pad lies inside [0, size). */
export function validOutputRange(outSize: number, inSize: number, tap: number, stride: number, pad: number): [number, number] {
  const lo = Math.max(0, Math.ceil((pad - tap) / stride));
  const hi = Math.min(outSize, Math.floor((inSize - 1 + pad - tap) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

/** dw (zeroed, [k, k, cin, cout]) = the filter gradient of x [b, h, w, cin] and dy [b, ho, wo, cout]. */
export function conv2dFilterGradLoop(x: Float32Array, xShape: readonly number[], dy: Float32Array, dyShape: readonly number[], a: Conv2dFilterGradAttrs, dw: Float32Array): void {
  const [b, h, w, cin] = xShape as [number, number, number, number];
  const [, ho, wo, cout] = dyShape as [number, number, number, number];
  for (let kh = 0; kh < a.k; kh++) {
    const [oyLo, oyHi] = validOutputRange(ho, h, kh, a.stride, a.padTop);
    for (let kw = 0; kw < a.k; kw++) {
      const [oxLo, oxHi] = validOutputRange(wo, w, kw, a.stride, a.padLeft);
      const tap = (kh * a.k + kw) * cin * cout;
      for (let n = 0; n < b; n++) {
        for (let oy = oyLo; oy < oyHi; oy++) {
          const iy = oy * a.stride + kh - a.padTop;
          for (let ox = oxLo; ox < oxHi; ox++) {
            const ix = ox * a.stride + kw - a.padLeft;
            const xi = ((n * h + iy) * w + ix) * cin;
            const di = ((n * ho + oy) * wo + ox) * cout;
            for (let ci = 0; ci < cin; ci++) {
              const xv = x[xi + ci]!;
              const row = tap + ci * cout;
              for (let co = 0; co < cout; co++) dw[row + co]! += xv * dy[di + co]!;
            }
          }
        }
      }
    }
  }
}

/** dW [k, k, Cin, Cout] of a convolution of x [B, H, W, Cin] whose output gradient is dy [B, Ho, Wo, Cout]. */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: Conv2dFilterGradAttrs): tf.Tensor4D {
  return tf.engine().runKernel(CONV2D_FILTER_GRAD_KERNEL, { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}
