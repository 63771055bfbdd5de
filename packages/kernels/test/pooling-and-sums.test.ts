// GemSweepMaxPool2x2 (and its gradient, from the forward pass's window mask) and GemSweepChannelSum
// on each backend that has them (wasm: SIMD loops; cpu: JS loops) against tf.maxPool, its gradient
// and tf.sum on the cpu backend.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { channelSum, loadBackend, maxPool2x2 } from "../src/index.js";
import { maxPoolModuleBytes } from "../src/training/max-pool-simd-module.js";
import { randoms } from "./random-values.js";

const POOL_CASES: Array<{ name: string; shape: [number, number, number, number] }> = [
  { name: "the CNN's 28x28x16", shape: [2, 28, 28, 16] },
  { name: "odd height and width (the last row and column belong to no window)", shape: [2, 7, 5, 8] },
  { name: "3 channels (the JS loops)", shape: [2, 6, 6, 3] },
  { name: "4 channels, odd width (one SIMD vector per window)", shape: [3, 4, 9, 4] },
];

/** Values with ties: a window's maximum often repeats, and the first one must get the gradient. */
const tied = (n: number, seed: number) => randoms(n, seed).map((v) => Math.round(v * 4) / 4);

async function pool(shape: [number, number, number, number], ours: boolean): Promise<{ y: Float32Array; dx: Float32Array }> {
  const x = tf.tensor4d(tied(shape.reduce((a, b) => a * b), 1), shape);
  const f = (xx: tf.Tensor) => (ours ? maxPool2x2(xx as tf.Tensor4D) : tf.maxPool(xx as tf.Tensor4D, 2, 2, "valid"));
  const y = f(x);
  const r = tf.tensor(randoms(y.size, 2).map((v) => v + 1), y.shape);
  const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(f(xx), r)))(x);
  const out = { y: Float32Array.from(await y.data()), dx: Float32Array.from(await dx.data()) };
  tf.dispose([x, y, r, dx]);
  return out;
}

describe("the max pooling kernel", () => {
  it("the wasm SIMD modules are valid WebAssembly", () => {
    for (const direction of ["forward", "backward"] as const) expect(WebAssembly.validate(maxPoolModuleBytes({ h: 5, w: 7, c: 8, direction }))).toBe(true);
  });
  for (const backend of ["wasm", "cpu"] as const) {
    for (const c of POOL_CASES) {
      it(`${backend}: ${c.name}: output and gradient (ties to the first maximum) equal tf.maxPool's`, async () => {
        await loadBackend("cpu");
        const expected = await pool(c.shape, false);
        await loadBackend(backend);
        const got = await pool(c.shape, true);
        expect([...got.y]).toEqual([...expected.y]);
        expect([...got.dx]).toEqual([...expected.dx]);
      });
    }
    it(`${backend}: the window mask lives only as long as the gradient needs it`, async () => {
      await loadBackend(backend);
      const x = tf.tensor4d(tied(2 * 8 * 8 * 8, 3), [2, 8, 8, 8]);
      const before = tf.memory().numTensors;
      maxPool2x2(x).dispose(); // no tape: nothing saved
      expect(tf.memory().numTensors).toBe(before);
      tf.grad((xx: tf.Tensor) => tf.sum(maxPool2x2(xx as tf.Tensor4D)))(x).dispose(); // the tape's copy goes with it
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
    });
  }
});

describe("the channel sum kernel", () => {
  for (const backend of ["wasm", "cpu"] as const) {
    for (const shape of [[3, 40, 30, 16], [300, 12], [5, 7]]) {
      it(`${backend}: [${shape}] summed over all axes but the last equals tf.sum`, async () => {
        await loadBackend("cpu");
        const n = shape.reduce((a, b) => a * b, 1);
        const c = shape[shape.length - 1]!;
        const x0 = tf.tensor(randoms(n, 3), shape);
        const expected = Float32Array.from(await tf.sum(tf.reshape(x0, [-1, c]), 0).data());
        x0.dispose();
        await loadBackend(backend);
        const x = tf.tensor(randoms(n, 3), shape);
        const got = Float32Array.from(await channelSum(x).data());
        x.dispose();
        const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        expect([...got].every((v, i) => Math.abs(v - expected[i]!) <= 1e-5 * scale), `${got} vs ${expected}`).toBe(true);
      });
    }
  }
});
