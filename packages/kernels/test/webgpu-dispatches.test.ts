// Why: on a GPU each program costs a launch and its share of JavaScript whatever its size, so batch
// norm and the conv filter gradient were written as a few WGSL programs instead of chains of tfjs
// ops. This counts the programs of each on a ResNet-20 shape (counts do not depend on the adapter,
// lavapipe will do) and checks them against the tfjs-ops forms they replace; docs/kernels.md
// ("Programs per op on webgpu") holds the numbers.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { batchNormTraining, conv2dFilterGrad, countWebgpuActivity, loadBackend, type WebgpuActivity } from "../src/index.js";
import { testBackends } from "./backends.js";
import { randoms } from "./random-values.js";

const hasWebgpu = (await testBackends()).includes("webgpu");

/** The programs `run` dispatches (its tensors disposed), after one warm-up run. */
function programsOf(run: () => tf.Tensor[]): WebgpuActivity {
  tf.dispose(run());
  const counter = countWebgpuActivity();
  try {
    tf.dispose(run());
    return counter.take();
  } finally {
    counter.stop();
  }
}

// ResNet-20's first stage at batch 32: 32 x 32 x 16
const SHAPE = [32, 32, 32, 16];
const AXES = [0, 1, 2];
const EPS = 1e-5;

/** The filter gradient as the trainer wrote it with tfjs ops: im2col (one slice per tap), then one matMul. */
function im2colFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, k: number): tf.Tensor {
  const [b, h, w, cin] = x.shape;
  const cout = dy.shape[3];
  const pad = (k - 1) / 2;
  const padded = tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]]);
  const cols: tf.Tensor[] = [];
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) cols.push(tf.slice(padded, [0, i, j, 0], [b, h, w, cin]));
  const rows = b * h * w;
  const p = tf.reshape(tf.concat(cols, 3), [rows, k * k * cin]) as tf.Tensor2D;
  const dwT = tf.matMul(tf.transpose(tf.reshape(dy, [rows, cout]) as tf.Tensor2D), p);
  return tf.reshape(tf.transpose(dwT), [k, k, cin, cout]);
}

describe.skipIf(!hasWebgpu)("programs per op on webgpu", () => {
  it("batch norm: 4 programs forward and 5 for the gradient, where tfjs ops take several times more", async () => {
    await loadBackend("webgpu");
    const n = SHAPE.reduce((a, b) => a * b, 1);
    const c = SHAPE[3]!;
    const x = tf.tensor(randoms(n, 1, 4), SHAPE);
    const dy = tf.tensor(randoms(n, 2), SHAPE);
    const gamma = tf.tensor1d(randoms(c, 3).map((v) => v + 1));
    const beta = tf.tensor1d(randoms(c, 4));
    const composed = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
      const { mean, variance } = tf.moments(xx, AXES);
      return tf.add(tf.mul(tf.mul(tf.sub(xx, mean), tf.rsqrt(tf.add(variance, EPS))), gg), bb);
    };
    const ours = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => batchNormTraining(xx, gg as tf.Tensor1D, bb as tf.Tensor1D, EPS).y;
    try {
      const forward = programsOf(() => {
        const r = batchNormTraining(x, gamma, beta, EPS);
        return [r.y, r.mean, r.variance];
      });
      const composedForward = programsOf(() => [composed(x, gamma, beta)]);
      // dy given: the gradient's programs only (plus the forward tf.grads reruns)
      const gradient = programsOf(() => tf.grads(ours)([x, gamma, beta], dy));
      const composedGradient = programsOf(() => tf.grads(composed)([x, gamma, beta], dy));
      console.log(
        `batch norm ${SHAPE.join("x")}: forward ${forward.dispatches} programs (tfjs ops ${composedForward.dispatches}); ` +
          `forward + gradient ${gradient.dispatches} (tfjs ops ${composedGradient.dispatches})`,
      );
      expect(forward.dispatches).toBe(4);
      expect(gradient.dispatches).toBe(4 + 5);
      expect(forward.reads + gradient.reads).toBe(0);
      expect(composedForward.dispatches).toBeGreaterThan(2 * forward.dispatches);
      expect(composedGradient.dispatches).toBeGreaterThan(2 * gradient.dispatches);
    } finally {
      tf.dispose([x, dy, gamma, beta]);
      await loadBackend("cpu");
    }
  }, 120_000);

  it("the 3x3 filter gradient: at most 2 programs (split-K slices, their sum), where im2col takes a slice per tap", async () => {
    await loadBackend("webgpu");
    const n = SHAPE.reduce((a, b) => a * b, 1);
    const x = tf.tensor4d(randoms(n, 5), SHAPE as [number, number, number, number]);
    const dy = tf.tensor4d(randoms(n, 6), SHAPE as [number, number, number, number]);
    try {
      const ours = programsOf(() => [conv2dFilterGrad(x, dy, { k: 3, stride: 1, padTop: 1, padLeft: 1 })]);
      const composed = programsOf(() => [im2colFilterGrad(x, dy, 3)]);
      console.log(`conv filter gradient 3x3 on ${SHAPE.join("x")}: ${ours.dispatches} programs (im2col + matMul: ${composed.dispatches})`);
      expect(ours.dispatches).toBeGreaterThanOrEqual(1);
      expect(ours.dispatches).toBeLessThanOrEqual(2);
      expect(ours.reads).toBe(0);
      expect(composed.dispatches).toBeGreaterThanOrEqual(9 + 2);
    } finally {
      tf.dispose([x, dy]);
      await loadBackend("cpu");
    }
  }, 120_000);
});
