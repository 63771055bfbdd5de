import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchPrefetch, Rng, RngStream, trainTrial, type Batch, type EpochMetrics, type TrialConfig } from "../src/index.js";
import { useWasm } from "./helpers/backend.js";
import { webgpuAvailable } from "../../../tests/support/webgpu-backend.js";

// Why: building batch k+1 while step k runs must not change what is trained: the same batches, in
// the same order, drawing from the data stream in the same order (crop + flip), so a trial gives
// the same numbers with and without prefetching.

/** A batch whose one value is the step and the first draw of the data stream for it. */
function recordingBuild(rng: Rng, log: number[]): (step: number) => Batch {
  return (step) => {
    log.push(step);
    return { input: { x: tf.tensor1d([step, rng.next()]) }, labels: tf.tensor1d([step], "int32"), examples: 1 };
  };
}

const hasWebgpu = await webgpuAvailable();

describe("batch prefetching", () => {
  beforeAll(useWasm);
  afterAll(useWasm);

  it("builds the batches in step order, one ahead, and hands each to its own step", async () => {
    const steps = 5;
    const run = async (enabled: boolean) => {
      const log: number[] = [];
      const prefetch = batchPrefetch(steps, recordingBuild(new Rng(7, RngStream.data), log), enabled);
      const taken: number[][] = [];
      for (let s = 0; s < steps; s++) {
        const batch = prefetch.take(s);
        prefetch.prepare(s + 1);
        if (enabled) expect(log.at(-1)).toBe(Math.min(s + 1, steps - 1)); // the next one is already built
        taken.push([...(await batch.input.x.data())]);
        tf.dispose([batch.input.x, batch.labels]);
      }
      prefetch.dispose();
      return { log, taken };
    };
    const [on, off] = [await run(true), await run(false)];
    expect(on.log).toEqual([0, 1, 2, 3, 4]);
    expect(off.log).toEqual([0, 1, 2, 3, 4]);
    expect(on.taken).toEqual(off.taken); // same batches, same draws
    expect(on.taken.map((b) => b[0])).toEqual([0, 1, 2, 3, 4]);
  });

  it("refuses a batch out of order, and disposes one built ahead but never taken", () => {
    const prefetch = batchPrefetch(3, recordingBuild(new Rng(1, RngStream.data), []));
    prefetch.take(0);
    prefetch.prepare(1);
    expect(() => prefetch.take(2)).toThrow(/batch 1 was built ahead/);
    const before = tf.memory().numTensors;
    prefetch.dispose();
    expect(tf.memory().numTensors).toBe(before - 2);
  });

  const strip = (epochs: EpochMetrics[]) => epochs.map(({ samplesPerSec: _s, epochSeconds: _e, ...rest }) => rest);
  const trials: Array<[string, TrialConfig]> = [
    [
      "ResNet-8 with crop + flip (each image draws from the data stream)",
      { benchmark: "cifar10-resnet20", activation: { name: "relu" }, hyper: { epochs: 2, trainLimit: 96, testLimit: 32, batchSize: 32 }, seed: 3, syntheticData: true, model: { depth: 8 } },
    ],
    ["fashion-mnist-mlp (Adam)", { benchmark: "fashion-mnist-mlp", activation: { name: "gem", N: 1 }, hyper: { epochs: 2, trainLimit: 640, testLimit: 128, batchSize: 128 }, seed: 3, syntheticData: true }],
  ];
  if (hasWebgpu) {
    // a GPU worker's case: the step runs on the device while the next batch is built
    trials.push([
      "fashion-mnist-mlp on webgpu (a GPU worker)",
      { benchmark: "fashion-mnist-mlp", activation: { name: "e-gem", N: 1, eps: 0.1 }, hyper: { epochs: 2, trainLimit: 512, testLimit: 64, batchSize: 128 }, seed: 4, syntheticData: true, backend: "webgpu" },
    ]);
  }
  for (const [name, config] of trials) {
    it(`${name}: the same trial, number for number, with and without prefetching`, async () => {
      const on = await trainTrial(config);
      const off = await trainTrial({ ...config, prefetch: false });
      expect(on.status).toBe("completed");
      expect(strip(on.epochs)).toEqual(strip(off.epochs));
    }, 120_000);
  }
});
