// GemSweepRunningAverage (webgpu only) against the tf ops it replaces, computed on the cpu backend.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { loadBackend, runningAverage } from "../src/index.js";
import { testBackends } from "./backends.js";
import { randoms } from "./random-values.js";
import { read } from "./read.js";

const hasWebgpu = (await testBackends()).includes("webgpu");

describe.skipIf(!hasWebgpu)("the running average kernel on webgpu", () => {
  it("(1 - m) average + m value equals tf ops, for a batch norm's [C] statistics and an odd size", async () => {
    for (const n of [16, 1001]) {
      const [average, value] = [randoms(n, 1), randoms(n, 2)];
      await loadBackend("cpu");
      const expected = await read(tf.tidy(() => tf.add(tf.mul(tf.tensor1d(average), 0.9), tf.mul(tf.tensor1d(value), 0.1))));
      await loadBackend("webgpu");
      const [a, v] = [tf.tensor1d(average), tf.tensor1d(value)];
      const got = await read(runningAverage(a, v, 0.1));
      tf.dispose([a, v]);
      const worst = got.reduce((m, x, i) => Math.max(m, Math.abs(x - expected[i]!)), 0);
      expect(worst, `n = ${n}`).toBeLessThan(1e-6);
    }
    await loadBackend("cpu");
  });
});
