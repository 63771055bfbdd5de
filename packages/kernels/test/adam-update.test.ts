// GemSweepAdamUpdate on every backend that has it (wasm: the SIMD module on the heap; cpu: the JS
// loop; webgpu: one WGSL program) against the plain JS loop in float64 arithmetic.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { adamLoop, adamUpdate, adamUpdateTensors, loadBackend, type AdamUpdateAttrs } from "../src/index.js";
import { adamModuleBytes } from "../src/training/adam-simd-module.js";
import { OPTIMIZER_MAX_WORKGROUPS as ADAM_MAX_WORKGROUPS, OPTIMIZER_WORKGROUP_SIZE as ADAM_WORKGROUP_SIZE } from "../src/training/optimizer-wgsl.js";
import { testBackends } from "./backends.js";
import { randoms } from "./random-values.js";
import { read } from "./read.js";

const hasWebgpu = (await testBackends()).includes("webgpu");

/** Step t's attributes: lr 1e-3, weight decay 0.01 as L2 (Adam) or decoupled (AdamW). */
function attrsAt(t: number, variant: "adam with L2" | "adamw"): AdamUpdateAttrs {
  return {
    b1: 0.9,
    b2: 0.999,
    stepLr: 1e-3 / (1 - 0.9 ** t),
    bc2: 1 - 0.999 ** t,
    eps: 1e-8,
    l2: variant === "adamw" ? 0 : 0.01,
    decoupled: variant === "adamw" ? 1 - 1e-3 * 0.01 : 1,
  };
}

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
        const attrs = attrsAt(3, variant);
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

  // Sizes: one element, less than a workgroup, one more than a workgroup, and more than the
  // largest grid (every thread then loops), none a multiple of 4; four steps on the same moments.
  const sizes = [1, 255, ADAM_WORKGROUP_SIZE + 1, ADAM_WORKGROUP_SIZE * ADAM_MAX_WORKGROUPS + 1027];
  for (const variant of ["adam with L2", "adamw"] as const) {
    it.skipIf(!hasWebgpu)(`webgpu, ${variant}: four steps of the WGSL program match the JS loop (moments in place, new weights, partial sums of g^2)`, async () => {
      await loadBackend("webgpu");
      try {
        for (const [k, n] of sizes.entries()) {
          const w0 = randoms(n, 10 + k);
          const [m, v, w] = [new Float32Array(n), new Float32Array(n), w0.slice()];
          const [mt, vt] = [tf.variable(tf.zeros([n]), false), tf.variable(tf.zeros([n]), false)];
          let wt: tf.Tensor = tf.tensor1d(w0);
          for (let t = 1; t <= 4; t++) {
            const g = randoms(n, 100 * t + k, 2);
            const attrs = attrsAt(t, variant);
            const out = new Float32Array(n);
            const expectedSumSq = adamLoop(g, w, m, v, out, 0, n, attrs);
            w.set(out);
            const gt = tf.tensor1d(g);
            const { next, sumSqPartials } = adamUpdateTensors(gt, wt, mt, vt, attrs);
            expect(sumSqPartials.size).toBe(Math.min(ADAM_MAX_WORKGROUPS, Math.ceil(n / ADAM_WORKGROUP_SIZE)));
            const oldWeights = await wt.data();
            tf.dispose([gt, wt]);
            wt = next;
            expectClose(Float32Array.from(await next.data()), out);
            expectClose(Float32Array.from(await mt.data()), m); // in place on the device
            expectClose(Float32Array.from(await vt.data()), v);
            const sumSq = (await read(tf.sum(sumSqPartials))).at(0)!;
            sumSqPartials.dispose();
            expect(Math.abs(sumSq - expectedSumSq) / expectedSumSq, `n = ${n}, step ${t}`).toBeLessThan(1e-5);
            expect(oldWeights.length).toBe(n); // the previous weights were read before being replaced
          }
          tf.dispose([wt, mt, vt]);
        }
      } finally {
        await loadBackend("cpu");
      }
    }, 120_000);
  }

  it.skipIf(!hasWebgpu)("webgpu: moments read back before an update are read again from the device after it", async () => {
    await loadBackend("webgpu");
    try {
      const n = 300;
      const [g, w] = [randoms(n, 1), randoms(n, 2)];
      const [gt, wt] = [tf.tensor1d(g), tf.tensor1d(w)];
      // made on the device (as the optimizer's slots are), then read: tfjs caches the zeros on the CPU
      const [m, v] = [tf.variable(tf.zerosLike(wt), false), tf.variable(tf.zerosLike(wt), false)];
      expect([...(await m.data())].every((x) => x === 0)).toBe(true);
      const { next, sumSqPartials } = adamUpdateTensors(gt, wt, m, v, attrsAt(1, "adamw"));
      const m1 = await m.data();
      expect(m1[0]).toBeCloseTo(0.1 * g[0]!, 6); // not the cached zeros
      tf.dispose([gt, wt, m, v, next, sumSqPartials]);
    } finally {
      await loadBackend("cpu");
    }
  });
});
