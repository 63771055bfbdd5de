import * as tf from "@tensorflow/tfjs";
import { CONV2D_FILTER_GRAD_KERNEL, CONV2D_KERNEL, conv2dFilterGrad, conv2dInputGrad, conv2dWithGrad, sameConv2dAttrs } from "@gemsweep/kernels";
import { addBias } from "./add-bias.js";
import { biasGradient } from "./bias-gradient.js";

// 'same'-padded 2-D convolution (NHWC, filter [k, k, in, out]) with a hand-written gradient.
// On wasm / cpu all three passes are the kernels package's: GemSweepConv2D (forward; on wasm a
// direct SIMD convolution, ~1.4x XNNPACK's), GemSweepConv2DInputGrad (dx, any stride) and
// GemSweepConv2DFilterGrad (dW). On webgpu dW is GemSweepConv2DFilterGrad too (two WGSL programs
// instead of ~16 for im2col), the rest tf ops. Elsewhere (tensorflow) tf ops, where stock tfjs-wasm
// lacked Conv2DBackpropFilter:
//   dW = im2col(x)^T dy   (shifted slices concatenated, one plain matMul with K = B*H*W)
//   dx = conv2d(dy, W rotated 180 degrees with in/out swapped)   (stride 1, a forward conv)
//   dx = conv2dTranspose(dy, W)                                   (stride 2: downsampling only)

export interface Conv2dOptions {
  stride?: number;
  /** x needs no gradient (the network input): skip computing dx. */
  inputIsData?: boolean;
}

/** im2col: [B, Ho, Wo, k*k*C] patches of the 'same'-padded input. */
export function im2col(x: tf.Tensor4D, k: number, stride: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const { padTop: pt, padBottom: pb, padLeft: pl, padRight: pr } = sameConv2dAttrs(h, w, k, stride);
  const xp = pt + pb + pl + pr > 0 ? tf.pad(x, [[0, 0], [pt, pb], [pl, pr], [0, 0]]) : x;
  const ho = Math.ceil(h / stride);
  const wo = Math.ceil(w / stride);
  const cols: tf.Tensor4D[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      cols.push(
        (stride === 1
          ? tf.slice(xp, [0, i, j, 0], [b, ho, wo, c])
          : tf.stridedSlice(xp, [0, i, j, 0], [b, i + (ho - 1) * stride + 1, j + (wo - 1) * stride + 1, c], [1, stride, stride, 1])) as tf.Tensor4D,
      );
    }
  }
  return cols.length === 1 ? cols[0]! : tf.concat(cols, 3);
}

/** dW = im2col(x)^T dy, as transposed as is cheapest: dW^T = dy^T P (dy [rows, out] is smaller than P [rows, k*k*in]). */
function im2colFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: [number, number, number, number], stride: number): tf.Tensor {
  const [k, , cin, cout] = filterShape;
  const rows = dy.shape[0] * dy.shape[1] * dy.shape[2];
  const dyFlat = tf.reshape(dy, [rows, cout]) as tf.Tensor2D;
  const cols = im2col(x, k, stride);
  const dwT = tf.matMul(tf.transpose(dyFlat), tf.reshape(cols, [rows, k * k * cin]) as tf.Tensor2D);
  return tf.reshape(tf.transpose(dwT), [k, k, cin, cout]);
}

/** conv2d(x, filter) + bias, the bias gradient a per-channel sum (biasGradient). */
export function conv2dBias(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, opts: Conv2dOptions = {}): tf.Tensor4D {
  const withBias = tf.customGrad((yy, bb) => ({
    value: addBias(yy as tf.Tensor, bb as tf.Tensor1D),
    gradFunc: (dy) => [dy as tf.Tensor, biasGradient(dy as tf.Tensor)],
  }));
  return withBias(conv2d(x, filter, opts), bias) as tf.Tensor4D;
}

export function conv2d(x: tf.Tensor4D, filter: tf.Tensor4D, opts: Conv2dOptions = {}): tf.Tensor4D {
  const stride = opts.stride ?? 1;
  const skipDx = opts.inputIsData === true;
  const k = filter.shape[0];
  const attrs = sameConv2dAttrs(x.shape[1], x.shape[2], k, stride);
  const kernels = tf.getKernel(CONV2D_KERNEL, tf.getBackend()) !== undefined;
  const filterGradKernel = tf.getKernel(CONV2D_FILTER_GRAD_KERNEL, tf.getBackend()) !== undefined;
  const f = tf.customGrad((xx, ww, save) => {
    const xs = xx as tf.Tensor4D;
    const ws = ww as tf.Tensor4D;
    (save as tf.GradSaveFunc)([xs, ws]);
    const value = kernels ? conv2dWithGrad(xs, ws, attrs) : tf.conv2d(xs, ws, stride, "same");
    return {
      value,
      gradFunc: (dy, saved) => {
        const [sx, sw] = saved as [tf.Tensor4D, tf.Tensor4D];
        const g = dy as tf.Tensor4D;
        if (kernels) {
          const dw = conv2dFilterGrad(sx, g, { k, stride, padTop: attrs.padTop, padLeft: attrs.padLeft });
          return [skipDx ? tf.zerosLike(sx) : conv2dInputGrad(g, sw, attrs, sx.shape), dw];
        }
        const dw = filterGradKernel ? conv2dFilterGrad(sx, g, { k, stride, padTop: attrs.padTop, padLeft: attrs.padLeft }) : im2colFilterGrad(sx, g, sw.shape, stride);
        let dx: tf.Tensor;
        if (skipDx) dx = tf.zerosLike(sx);
        else if (stride === 1) dx = tf.conv2d(g, tf.transpose(tf.reverse(sw, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D, 1, "same");
        else dx = tf.conv2dTranspose(g, sw, sx.shape, stride, "same");
        return [dx, dw];
      },
    };
  });
  return f(x, filter) as tf.Tensor4D;
}
