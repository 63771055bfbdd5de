// GemSweepBatchNorm and its gradient on each backend that has them (wasm: the per-channel SIMD
// passes; cpu: the JS loops; webgpu: the WGSL programs) against batch norm composed from tfjs ops
// (tf.moments) and tfjs' own gradients of it, on the cpu backend; the mean and variance outputs'
// gradients included.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { batchNormTraining, loadBackend } from "../src/index.js";
import { perChannelModuleBytes } from "../src/training/per-channel-simd-module.js";
import * as programs from "../src/training/batch-norm-simd-modules.js";
import { testBackends } from "./backends.js";
import { randoms } from "./random-values.js";

const backends = await testBackends();

const CASES: Array<{ name: string; shape: number[] }> = [
  { name: "NHWC, 8 channels", shape: [4, 5, 3, 8] },
  { name: "12 channels (a group of 8 or 16, then single vectors)", shape: [2, 3, 3, 12] },
  { name: "6 channels (not a multiple of 4: the JS loops)", shape: [3, 4, 4, 6] },
  { name: "a [batch, features] matrix", shape: [300, 16] },
  { name: "1,728 pixels: more than one summation block", shape: [3, 24, 24, 4] },
  { name: "5,000 rows of 3 channels: five blocks of 1,024 rows on webgpu, 85 rows at once", shape: [5000, 3] },
  { name: "300 channels: more than a webgpu workgroup's 256", shape: [2, 4, 5, 300] },
];
const EPS = 1e-5;

type Result = { y: Float32Array; mean: Float32Array; variance: Float32Array; dx: Float32Array; dgamma: Float32Array; dbeta: Float32Array };

/** Values and gradients of sum(y r) + sum(mean r2) + sum(variance r3) with x offset and scaled per channel. */
async function run(shape: number[], ours: boolean): Promise<Result> {
  const c = shape[shape.length - 1]!;
  const n = shape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(randoms(n, 1, 4).map((v, i) => v * (1 + (i % c)) + (i % c) - 2), shape);
  const gamma = tf.tensor1d(randoms(c, 2).map((v) => v + 1));
  const beta = tf.tensor1d(randoms(c, 3));
  const [r, r2, r3] = [tf.tensor(randoms(n, 4), shape), tf.tensor1d(randoms(c, 5)), tf.tensor1d(randoms(c, 6))];
  const axes = shape.slice(0, -1).map((_, i) => i);
  const forward = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
    if (ours) return batchNormTraining(xx, gg as tf.Tensor1D, bb as tf.Tensor1D, EPS);
    const { mean, variance } = tf.moments(xx, axes);
    const y = tf.add(tf.mul(tf.div(tf.sub(xx, mean), tf.sqrt(tf.add(variance, EPS))), gg), bb);
    return { y, mean, variance };
  };
  const loss = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
    const { y, mean, variance } = forward(xx, gg, bb);
    return tf.addN([tf.sum(tf.mul(y, r)), tf.sum(tf.mul(mean, r2)), tf.sum(tf.mul(variance, r3))]);
  };
  const values = tf.tidy(() => forward(x, gamma, beta));
  const [dx, dgamma, dbeta] = tf.grads(loss)([x, gamma, beta]);
  const read = async (t: tf.Tensor) => Float32Array.from(await t.data());
  const out = { y: await read(values.y), mean: await read(values.mean), variance: await read(values.variance), dx: await read(dx!), dgamma: await read(dgamma!), dbeta: await read(dbeta!) };
  tf.dispose([x, gamma, beta, r, r2, r3, values.y, values.mean, values.variance, dx!, dgamma!, dbeta!]);
  return out;
}

function expectClose(actual: Float32Array, expected: Float32Array, what: string, rel = 2e-5): void {
  expect(actual.length, what).toBe(expected.length);
  const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const bad = [...actual].findIndex((v, i) => !(Math.abs(v - expected[i]!) <= rel * scale));
  expect(bad, bad < 0 ? "" : `${what}[${bad}]: ${actual[bad]} vs ${expected[bad]}`).toBe(-1);
}

describe("the batch norm kernels", () => {
  it("the wasm SIMD passes are valid WebAssembly", () => {
    for (const program of Object.values(programs)) expect(WebAssembly.validate(perChannelModuleBytes(program))).toBe(true);
  });

  for (const backend of backends) {
    for (const c of CASES) {
      it(`${backend}: ${c.name}: values and gradients match tfjs' composed batch norm`, async () => {
        await loadBackend("cpu");
        const reference = await run(c.shape, false);
        await loadBackend(backend);
        const ours = await run(c.shape, true);
        for (const key of Object.keys(reference) as Array<keyof Result>) expectClose(ours[key], reference[key], key);
      });
    }
  }
});
