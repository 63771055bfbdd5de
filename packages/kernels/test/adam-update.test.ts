// GemSweepAdamUpdate on every backend that has it (wasm: the SIMD module on the heap; cpu: the JS
// loop) against the plain JS loop in float64 arithmetic.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { adamLoop, adamUpdate, loadBackend, type AdamUpdateAttrs } from "../src/index.js";
import { adamModuleBytes } from "../src/training/adam-simd-module.js";
import { randoms } from "./random-values.js";

/**
 * |actual - expected| <= rel |expected| + 1e-6 max|expected|: float32 against float64, where
 * b1 m + (1 - b1) g nearly cancels the absolute error is a few ulps of the operands, not of the result.
 */
function expectClose(actual: Float32Array, expected: Float32Array, rel = 2e-5): void {
  expect(actual.length).toBe(expected.length);
  const floor = 1e-6 * expected.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
  const bad = [...actual].findIndex((a, i) => Math.abs(a - expected[i]!) > rel * Math.abs(expected[i]!) + floor);
  expect(bad, bad < 0 ? "" : `element ${bad}: ${actual[bad]} vs ${expected[bad]}`).toBe(-1);
}

describe("Adam's update kernel", () => {
  it("the wasm SIMD module is valid WebAssembly", () => {
    expect(WebAssembly.validate(adamModuleBytes())).toBe(true);
  });

  for (const backend of ["wasm", "cpu"] as const) {
    for (const variant of ["adam with L2", "adamw"] as const) {
      it(`${backend}, ${variant}: new weights, both moments and the gradient norm match the JS loop (n % 4 = 3)`, async () => {
        await loadBackend(backend);
        const n = 1027; // 256 vectors and a tail of 3
        const [g, w, m0, v0] = [randoms(n, 1), randoms(n, 2), randoms(n, 3, 0.1), randoms(n, 4, 0.01).map(Math.abs)];
        const attrs: AdamUpdateAttrs = {
          b1: 0.9,
          b2: 0.999,
          stepLr: 1e-3 / (1 - 0.9 ** 3),
          bc2: 1 - 0.999 ** 3,
          eps: 1e-8,
          l2: variant === "adamw" ? 0 : 0.01,
          decoupled: variant === "adamw" ? 1 - 1e-3 * 0.01 : 1,
        };
        const [m, v, out] = [m0.slice(), v0.slice(), new Float32Array(n)];
        const expectedSumSq = adamLoop(g, w, m, v, out, 0, n, attrs);

        const [gt, wt, mt, vt] = [g, w, m0, v0].map((a) => tf.tensor1d(a));
        const { next, sumSq } = adamUpdate(gt!, wt!, mt!, vt!, attrs);
        expectClose(next.dataSync() as Float32Array, out);
        expectClose(mt!.dataSync() as Float32Array, m); // updated in place
        expectClose(vt!.dataSync() as Float32Array, v);
        expect(sumSq).toBeCloseTo(expectedSumSq, 3);
        expect([...(wt!.dataSync() as Float32Array)]).toEqual([...w]); // the old weights stay as they were
        tf.dispose([gt!, wt!, mt!, vt!, next]);
      });
    }
  }
});
