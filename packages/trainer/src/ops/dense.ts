import * as tf from "@tensorflow/tfjs";
import { MATMUL_KERNEL, matMul, matMulTakesColumns } from "@gemsweep/kernels";
import { addBias } from "./add-bias.js";
import { biasGradient } from "./bias-gradient.js";

// y = x W + b with a hand-written gradient that never uses tfjs' transposed matMul: tfjs' own
// MatMul gradient passes transposeA/transposeB, which the wasm backend runs at ~1-2 GFLOPS
// against 15-30 for a plain matMul. On wasm / cpu the products are the kernels package's
// GemSweepMatMul (~40 GFLOP/s on wasm, 74-92 in the native addon (bench-conv-passes.ts); A^T B
// and A B^T included, so neither dW = x^T dy nor dx = dy W^T needs a transpose pass) where it
// takes the output width (matMulTakesColumns); elsewhere tf.matMul with explicit transposes.

/** Whether GemSweepMatMul runs a product with n output columns here. */
const kernelFor = (n: number) => tf.getKernel(MATMUL_KERNEL, tf.getBackend()) !== undefined && matMulTakesColumns(n, tf.getBackend());

export interface DenseOptions {
  /** x needs no gradient (the network input): skip computing dx. */
  inputIsData?: boolean;
  /** x already transposed ([in, batch]); the data pipeline can produce it for free. */
  xT?: tf.Tensor2D;
}

export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | undefined, opts: DenseOptions = {}): tf.Tensor2D {
  const xT = opts.xT;
  const skipDx = opts.inputIsData === true;
  const forward = (xs: tf.Tensor2D, ws: tf.Tensor2D) => (kernelFor(ws.shape[1]) ? matMul(xs, ws) : tf.matMul(xs, ws));
  if (b) {
    const f = tf.customGrad((xx, ww, bb, save) => {
      (save as tf.GradSaveFunc)([xx as tf.Tensor2D, ww as tf.Tensor2D]);
      const value = addBias(forward(xx as tf.Tensor2D, ww as tf.Tensor2D), bb as tf.Tensor1D);
      return { value, gradFunc: (dy, saved) => grads(dy as tf.Tensor2D, saved[0] as tf.Tensor2D, saved[1] as tf.Tensor2D, true) };
    });
    return f(x, w, b) as tf.Tensor2D;
  }
  const f = tf.customGrad((xx, ww, save) => {
    (save as tf.GradSaveFunc)([xx as tf.Tensor2D, ww as tf.Tensor2D]);
    const value = forward(xx as tf.Tensor2D, ww as tf.Tensor2D);
    return { value, gradFunc: (dy, saved) => grads(dy as tf.Tensor2D, saved[0] as tf.Tensor2D, saved[1] as tf.Tensor2D, false) };
  });
  return f(x, w) as tf.Tensor2D;

  function grads(dy: tf.Tensor2D, xs: tf.Tensor2D, ws: tf.Tensor2D, withBias: boolean): tf.Tensor[] {
    const [inDim, outDim] = ws.shape;
    const dx = skipDx ? tf.zerosLike(xs) : kernelFor(inDim) ? matMul(dy, ws, false, true) : tf.matMul(dy, tf.transpose(ws));
    const dw = kernelFor(outDim) ? matMul(xs, dy, true) : tf.matMul(xT ?? tf.transpose(xs), dy);
    return withBias ? [dx, dw, biasGradient(dy)] : [dx, dw];
  }
}

/** Dense over the last axis of an N-d input ([..., in] -> [..., out]). */
export function denseNd(x: tf.Tensor, w: tf.Tensor2D, b: tf.Tensor1D | undefined): tf.Tensor {
  const shape = x.shape;
  const inDim = shape[shape.length - 1]!;
  const flat = tf.reshape(x, [-1, inDim]) as tf.Tensor2D;
  const y = dense(flat, w, b);
  return tf.reshape(y, [...shape.slice(0, -1), w.shape[1]]);
}

/** a @ b^T without the slow transposed matMul (attention scores q k^T). */
export function matMulBT(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const rank = b.rank;
  const perm = [...Array(rank).keys()];
  perm[rank - 1] = rank - 2;
  perm[rank - 2] = rank - 1;
  return batchMatMul(a, tf.transpose(b, perm));
}

/** Batched matMul whose gradient avoids transposed matMuls (attention). */
export function batchMatMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const f = tf.customGrad((aa, bb, save) => {
    (save as tf.GradSaveFunc)([aa as tf.Tensor, bb as tf.Tensor]);
    const value = tf.matMul(aa as tf.Tensor3D, bb as tf.Tensor3D);
    return {
      value,
      gradFunc: (dy, saved) => {
        const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
        const swap = (t: tf.Tensor) => {
          const p = [...Array(t.rank).keys()];
          p[t.rank - 1] = t.rank - 2;
          p[t.rank - 2] = t.rank - 1;
          return tf.transpose(t, p);
        };
        return [tf.matMul(dy as tf.Tensor3D, swap(sb) as tf.Tensor3D), tf.matMul(swap(sa) as tf.Tensor3D, dy as tf.Tensor3D)];
      },
    };
  });
  return f(a, b);
}
