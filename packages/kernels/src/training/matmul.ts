// A 2-D matrix product C = A B, A^T B, A B^T or A^T B^T as a kernel, GemSweepMatMul, with a
// registered gradient that is two more of them: tfjs' own MatMul gradient uses transposed
// products, which tfjs-wasm ran at ~2 GFLOP/s. Holds the op and the plain JS loop (the cpu kernel).
import * as tf from "@tensorflow/tfjs";

export const MATMUL_KERNEL = "GemSweepMatMul";

export interface MatMulAttrs {
  /** A is stored [k, m]: C = A^T B */
  transposeA: boolean;
  /** B is stored [n, k]: C = A B^T (a dense layer's dx = dy W^T without a transpose pass) */
  transposeB: boolean;
}

/** c [m, n] = A B (a [m, k]) or A^T B (a [k, m]), by B (b [k, n]) or B^T (b [n, k]). */
export function matMulLoop(a: Float32Array, b: Float32Array, c: Float32Array, m: number, n: number, k: number, transposeA: boolean, transposeB = false): void {
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let kk = 0; kk < k; kk++) {
      const av = transposeA ? a[kk * m + i]! : a[i * k + kk]!;
      if (transposeB) for (let j = 0; j < n; j++) row[j]! += av * b[j * k + kk]!;
      else for (let j = 0, bi = kk * n; j < n; j++) row[j]! += av * b[bi + j]!;
    }
    c.set(row, i * n);
  }
}

/** A B; A^T B with transposeA, A B^T with transposeB; both 2-D. */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D, transposeA = false, transposeB = false): tf.Tensor2D {
  const attrs: MatMulAttrs = { transposeA, transposeB };
  return tf.engine().runKernel(MATMUL_KERNEL, { a, b }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

/**
 * C = op(A) op(B): dA = dC B^T, B dC^T, dC B or B^T dC^T and dB = A^T dC, A dC, dC^T A or dC^T A^T
 * (A B, A^T B, A B^T, A^T B^T), each one product of stored matrices.
 */
export const matMulGradConfig: tf.GradConfig = {
  kernelName: MATMUL_KERNEL,
  inputsToSave: ["a", "b"],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved as [tf.Tensor2D, tf.Tensor2D];
    const dc = dy as tf.Tensor2D;
    const { transposeA, transposeB = false } = attrs as unknown as MatMulAttrs;
    return {
      a: () => (transposeA ? matMul(b, dc, transposeB, true) : matMul(dc, b, false, !transposeB)),
      b: () => (transposeB ? matMul(dc, a, true, transposeA) : matMul(a, dc, !transposeA, false)),
    };
  },
};
