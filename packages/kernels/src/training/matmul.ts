// A 2-D matrix product C = A B or A^T B (B never transposed) as a kernel, GemSweepMatMul, with a
// registered gradient that is two more of them (and one explicit transpose): tfjs' own MatMul
// gradient uses transposed products, which tfjs-wasm ran at ~2 GFLOP/s. Holds the op and the
// plain JS loop (the cpu kernel).
import * as tf from "@tensorflow/tfjs";

export const MATMUL_KERNEL = "GemSweepMatMul";

export interface MatMulAttrs {
  /** A is stored [k, m]: C = A^T B */
  transposeA: boolean;
}

/** c [m, n] = A B (a [m, k]) or A^T B (a [k, m]); b [k, n]. */
export function matMulLoop(a: Float32Array, b: Float32Array, c: Float32Array, m: number, n: number, k: number, transposeA: boolean): void {
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let kk = 0; kk < k; kk++) {
      const av = transposeA ? a[kk * m + i]! : a[i * k + kk]!;
      const bi = kk * n;
      for (let j = 0; j < n; j++) row[j]! += av * b[bi + j]!;
    }
    c.set(row, i * n);
  }
}

/** A B, or A^T B with transposeA; both 2-D. */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D, transposeA = false): tf.Tensor2D {
  return tf.engine().runKernel(MATMUL_KERNEL, { a, b }, { transposeA } as unknown as tf.NamedAttrMap) as tf.Tensor2D;
}

/** dA = dC B^T (or B dC^T for A^T B), dB = A^T dC (or A dC). */
export const matMulGradConfig: tf.GradConfig = {
  kernelName: MATMUL_KERNEL,
  inputsToSave: ["a", "b"],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved as [tf.Tensor2D, tf.Tensor2D];
    const dc = dy as tf.Tensor2D;
    const transposeA = (attrs as unknown as MatMulAttrs).transposeA;
    return {
      a: () => (transposeA ? matMul(b, tf.transpose(dc)) : matMul(dc, tf.transpose(b))),
      b: () => matMul(a, dc, !transposeA),
    };
  },
};
