// GemSweepMomentumUpdate (webgpu only: one WGSL program) against the plain JS loop in float64
// arithmetic: several steps on the same velocity, sizes around the workgroup and the largest grid.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { loadBackend, momentumLoop, momentumUpdateTensors, type MomentumUpdateAttrs } from "../src/index.js";
import { OPTIMIZER_MAX_WORKGROUPS, OPTIMIZER_WORKGROUP_SIZE } from "../src/training/optimizer-wgsl.js";
import { testBackends } from "./backends.js";
import { randoms } from "./random-values.js";
import { read } from "./read.js";

const hasWebgpu = (await testBackends()).includes("webgpu");

/** |actual - expected| <= rel |expected| + 1e-6 max|expected|. */
function expectClose(actual: Float32Array, expected: Float32Array, what: string, rel = 1e-5): void {
  const floor = 1e-6 * expected.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
  const bad = [...actual].findIndex((a, i) => !(Math.abs(a - expected[i]!) <= rel * Math.abs(expected[i]!) + floor));
  expect(bad, bad < 0 ? "" : `${what}[${bad}]: ${actual[bad]} vs ${expected[bad]}`).toBe(-1);
}

describe.skipIf(!hasWebgpu)("the momentum update kernel on webgpu", () => {
  const sizes = [1, 255, OPTIMIZER_WORKGROUP_SIZE + 1, OPTIMIZER_WORKGROUP_SIZE * OPTIMIZER_MAX_WORKGROUPS + 1027];
  for (const l2 of [0, 1e-4]) {
    it(`four steps match the JS loop (velocity in place, new weights, partial sums of g^2), L2 ${l2}`, async () => {
      await loadBackend("webgpu");
      try {
        for (const [k, n] of sizes.entries()) {
          const attrs: MomentumUpdateAttrs = { lr: 0.1, momentum: 0.9, l2 };
          const w0 = randoms(n, 20 + k);
          const [v, w] = [new Float32Array(n), w0.slice()];
          const vt = tf.variable(tf.zeros([n]), false);
          let wt: tf.Tensor = tf.tensor1d(w0);
          for (let t = 1; t <= 4; t++) {
            const g = randoms(n, 200 * t + k, 2);
            const out = new Float32Array(n);
            const expectedSumSq = momentumLoop(g, w, v, out, 0, n, attrs);
            w.set(out);
            const gt = tf.tensor1d(g);
            const { next, sumSqPartials } = momentumUpdateTensors(gt, wt, vt, attrs);
            tf.dispose([gt, wt]);
            wt = next;
            expectClose(Float32Array.from(await next.data()), out, `n = ${n}, step ${t}: weights`);
            expectClose(Float32Array.from(await vt.data()), v, `n = ${n}, step ${t}: velocity`);
            const sumSq = (await read(tf.sum(sumSqPartials))).at(0)!;
            sumSqPartials.dispose();
            expect(Math.abs(sumSq - expectedSumSq) / expectedSumSq, `n = ${n}, step ${t}`).toBeLessThan(1e-5);
          }
          tf.dispose([wt, vt]);
        }
      } finally {
        await loadBackend("cpu");
      }
    }, 120_000);
  }
});
