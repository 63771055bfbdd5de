import * as tf from "@tensorflow/tfjs";
import { loadBackend } from "@gemsweep/kernels";
import { afterAll, describe, expect, it } from "vitest";
import { conv2d, conv2dBias } from "../src/ops/conv2d.js";
import { maxPool2x2 } from "../src/ops/max-pool.js";
import { randoms as uniform } from "./helpers/random-values.js";

// The hand-written gradients of the CNN ops (the filter gradient kernel, the bias gradient, the
// max-pool routing) on wasm and cpu, against tfjs' own ops and gradients on the cpu backend.

/** Uniform in [-1, 1). */
const randoms = (n: number, seed: number): Float32Array => uniform(n, seed, 2);

interface Case {
  name: string;
  x: number[];
  filter: number[];
  stride: number;
}

const cases: Case[] = [
  { name: "conv3x3 + bias + max-pool, stride 1", x: [2, 6, 6, 3], filter: [3, 3, 3, 4], stride: 1 },
  { name: "conv3x3 + bias + max-pool, stride 2 (odd input)", x: [2, 9, 9, 2], filter: [3, 3, 2, 5], stride: 2 },
  { name: "conv1x1, 8 channels, stride 1", x: [3, 4, 4, 8], filter: [1, 1, 8, 8], stride: 1 },
];

/** d(sum(r * pool(conv(x, w) + b)))/d{x, w, b}, with our ops or with tfjs' own. */
function gradients(c: Case, ours: boolean): Float32Array[] {
  const x = tf.tensor4d(randoms(c.x.reduce((a, b) => a * b), 1), c.x as [number, number, number, number]);
  const w = tf.tensor4d(randoms(c.filter.reduce((a, b) => a * b), 2), c.filter as [number, number, number, number]);
  const b = tf.tensor1d(randoms(c.filter[3]!, 3));
  const loss = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => {
    const y = ours
      ? conv2dBias(xx as tf.Tensor4D, ww as tf.Tensor4D, bb as tf.Tensor1D, { stride: c.stride })
      : (tf.add(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, c.stride, "same"), bb) as tf.Tensor4D);
    const pooled = ours ? maxPool2x2(y) : tf.maxPool(y, 2, 2, "valid");
    return tf.sum(tf.mul(pooled, tf.tensor(randoms(pooled.size, 4), pooled.shape)));
  };
  const grads = tf.grads(loss)([x, w, b]);
  const out = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose([x, w, b, ...grads]);
  return out;
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  const scale = expected.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  const bad = [...actual].findIndex((a, i) => Math.abs(a - expected[i]!) > 1e-4 * scale + 1e-6);
  expect(bad, bad < 0 ? "" : `element ${bad}: ${actual[bad]} vs ${expected[bad]}`).toBe(-1);
}

describe("CNN op gradients against tfjs' own", () => {
  afterAll(() => loadBackend("wasm"));

  for (const c of cases) {
    it(c.name, async () => {
      await loadBackend("cpu");
      const reference = gradients(c, false);
      for (const backend of ["wasm", "cpu"] as const) {
        await loadBackend(backend);
        const ours = gradients(c, true);
        ours.forEach((g, i) => expectClose(g, reference[i]!));
      }
    });
  }

  it("the network input's gradient is skipped, not computed", async () => {
    await loadBackend("wasm");
    const x = tf.tensor4d(randoms(2 * 5 * 5 * 1, 5), [2, 5, 5, 1]);
    const w = tf.tensor4d(randoms(9 * 2, 6), [3, 3, 1, 2]);
    const [dx, dw] = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, { inputIsData: true })))([x, w]);
    expect(Math.max(...(dx!.dataSync() as Float32Array).map(Math.abs))).toBe(0);
    expect(Math.max(...(dw!.dataSync() as Float32Array).map(Math.abs))).toBeGreaterThan(0);
    tf.dispose([x, w, dx!, dw!]);
  });
});
