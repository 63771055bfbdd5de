// GemSweepMatMul on wasm with the native addon switched off (GEMSWEEP_NATIVE=0, as on a machine
// without a C compiler): the SIMD module path. A B^T there is B copied transposed, then A B: the
// same bits as tf.transpose then the product, and its gradients match tfjs' on the cpu backend.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { randoms } from "./random-values.js";

// read once, at the addon's first use: set before the kernels load (this file runs in its own process)
process.env["GEMSWEEP_NATIVE"] = "0";
const { loadBackend, matMul } = await import("../src/index.js");
const { nativeGemm } = await import("../src/kernels/native-gemm.js");
const { matMulTakesColumns } = await import("../src/kernels/matmul-kernels.js");

describe("the matrix product kernel without the native addon", () => {
  it("runs without it: the device string does not name it, and 10-wide products are not offered", async () => {
    expect(nativeGemm()).toBeNull();
    expect((await loadBackend("wasm")).device).not.toContain("native GEMM");
    // dense layers of widths the SIMD module cannot take use tf.matMul instead
    expect([matMulTakesColumns(10, "wasm"), matMulTakesColumns(12, "wasm")]).toEqual([false, true]);
  });

  for (const [m, k, n, transposeA] of [
    [128, 256, 256, false],
    [7, 5, 12, true],
    [6, 16, 10, false],
  ] as Array<[number, number, number, boolean]>) {
    it(`${transposeA ? "A^T" : "A"} B^T, ${m} x ${k} by ${k} x ${n}: the bits of tf.transpose then GemSweepMatMul, and tfjs' gradients`, async () => {
      await loadBackend("wasm");
      const a = tf.tensor2d(randoms(m * k, 1), transposeA ? [k, m] : [m, k]);
      const b = tf.tensor2d(randoms(n * k, 2), [n, k]);
      const [direct, viaTranspose] = [matMul(a, b, transposeA, true), matMul(a, tf.transpose(b), transposeA)];
      expect([...(await direct.data())]).toEqual([...(await viaTranspose.data())]);
      const r = tf.tensor2d(randoms(m * n, 3), [m, n]);
      const grads = async (f: (aa: tf.Tensor2D, bb: tf.Tensor2D) => tf.Tensor) =>
        Promise.all(tf.grads((aa: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(aa as tf.Tensor2D, bb as tf.Tensor2D), r)))([a, b]).map(async (g) => [...(await g.data())]));
      const ours = await grads((aa, bb) => matMul(aa, bb, transposeA, true));
      await loadBackend("cpu");
      const [ac, bc, rc] = [tf.tensor2d(await a.data(), a.shape), tf.tensor2d(await b.data(), b.shape), tf.tensor2d(await r.data(), r.shape)];
      const reference = await Promise.all(tf.grads((aa: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(tf.matMul(aa as tf.Tensor2D, bb as tf.Tensor2D, transposeA, true), rc)))([ac, bc]).map(async (g) => [...(await g.data())]));
      ours.forEach((g, i) => g.forEach((v, j) => expect(Math.abs(v - reference[i]![j]!)).toBeLessThan(1e-5)));
    });
  }
});
