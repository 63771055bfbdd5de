// With GEMSWEEP_WASM_FMA=0 the GEMM-like kernels multiply and add separately (this file's
// process only: the choice is made once, at the first kernel), and still match the cpu backend's
// JS loops: the product, a convolution with its two gradients.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { conv2dWithGrad, loadBackend, matMul } from "../src/index.js";
import { fusedMultiplyAdd } from "../src/expr/multiply-add.js";
import { multiplyAddOnce, ROUNDING_CASE } from "./multiply-add-probe.js";
import { randoms } from "./random-values.js";

beforeAll(() => {
  process.env["GEMSWEEP_WASM_FMA"] = "0";
});

/** The largest |ours - reference| over the reference's largest |value|. */
function relativeError(ours: Float32Array, reference: Float32Array): number {
  const scale = reference.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return ours.reduce((m, v, i) => Math.max(m, Math.abs(v - reference[i]!)), 0) / scale;
}

/** y, dx and dW of a 3x3 stride-2 convolution (all three wasm kernels) and an A^T B product, on one backend. */
async function passes(backend: "wasm" | "cpu"): Promise<Float32Array[]> {
  await loadBackend(backend);
  const x = tf.tensor4d(randoms(2 * 9 * 9 * 8, 1), [2, 9, 9, 8]);
  const w = tf.tensor4d(randoms(3 * 3 * 8 * 12, 2), [3, 3, 8, 12]);
  const conv = (xx: tf.Tensor, ww: tf.Tensor) => conv2dWithGrad(xx as tf.Tensor4D, ww as tf.Tensor4D, { stride: 2, padTop: 1, padBottom: 1, padLeft: 1, padRight: 1 });
  const y = conv(x, w);
  const dy = tf.tensor(randoms(y.size, 3), y.shape);
  const [dx, dw] = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(conv(xx, ww), dy)))([x, w]);
  const product = matMul(tf.tensor2d(randoms(37 * 13, 4), [37, 13]), tf.tensor2d(randoms(37 * 20, 5), [37, 20]), true);
  const out = await Promise.all([y, dx!, dw!, product].map(async (t) => Float32Array.from(await t.data())));
  tf.dispose([x, w, y, dy, dx!, dw!, product]);
  return out;
}

describe("the kernels with GEMSWEEP_WASM_FMA=0", () => {
  it("multiply, then add: two roundings, and the device string says plain SIMD", async () => {
    expect(fusedMultiplyAdd()).toBe(false);
    expect(multiplyAddOnce(ROUNDING_CASE)).toBe(ROUNDING_CASE.unfused);
    expect((await loadBackend("wasm")).device).toMatch(/^WebAssembly SIMD on /);
  });

  it("conv forward, input and filter gradients and A^T B match the cpu backend", async () => {
    const reference = await passes("cpu");
    const ours = await passes("wasm");
    ours.forEach((values, i) => expect(relativeError(values, reference[i]!), `pass ${i}`).toBeLessThan(1e-5));
  });
});
