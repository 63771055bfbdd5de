import * as tf from "@tensorflow/tfjs";
import { loadBackend } from "@gemsweep/kernels";
import { describe, expect, it } from "vitest";
import { adamLoop, adamModuleBytes, adamUpdateWasm } from "../src/train/adam-update.js";
import { optimizerSteps } from "./helpers/optimizer-steps.js";
import { randoms } from "./helpers/random-values.js";

// The SIMD Adam update on the wasm heap against the plain JS loop (float64 arithmetic), and
// whole optimizer steps on wasm against the same steps on the cpu backend.

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

describe("Adam's SIMD update on wasm", () => {
  it("is a valid WebAssembly module", () => {
    expect(WebAssembly.validate(adamModuleBytes())).toBe(true);
  });

  for (const variant of ["adam with L2", "adamw"] as const) {
    it(`${variant}: new weights, both moments and the gradient norm match the JS loop (n % 4 = 3)`, async () => {
      await loadBackend("wasm");
      const n = 1027; // 256 vectors and a tail of 3
      const [g, w, m0, v0] = [randoms(n, 1), randoms(n, 2), randoms(n, 3, 0.1), randoms(n, 4, 0.01).map(Math.abs)];
      const attrs = {
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
      const { next, sumSq } = adamUpdateWasm(gt!, wt!, mt!, vt!, attrs);
      expectClose(next.dataSync() as Float32Array, out);
      expectClose(mt!.dataSync() as Float32Array, m); // updated in place
      expectClose(vt!.dataSync() as Float32Array, v);
      expect(sumSq).toBeCloseTo(expectedSumSq, 3);
      expect([...(wt!.dataSync() as Float32Array)]).toEqual([...w]); // the old weights stay as they were
      tf.dispose([gt!, wt!, mt!, vt!, next]);
    });
  }

  it("whole Adam steps on wasm follow the same steps on the cpu backend", async () => {
    const run = (backend: "wasm" | "cpu") => optimizerSteps(backend, { name: "adamw", lr: 1e-2, weightDecay: 0.1 });
    const cpu = await run("cpu");
    const wasm = await run("wasm");
    wasm.norms.forEach((norm, i) => expect(norm).toBeCloseTo(cpu.norms[i]!, 3));
    wasm.weights.forEach((w, i) => expectClose(w, cpu.weights[i]!, 1e-4));
    await loadBackend("wasm");
  });
});
