import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { clipByGlobalNorm, getBenchmarkImpl, globalNorm, loadCheckpoint, Rng, RngStream, trainTrial, type TrainableBenchmark, type TrialConfig } from "../src/index.js";
import { useWasm } from "./helpers/backend.js";
import { tempDataDir } from "./helpers/dataset-files.js";
import { randoms } from "./helpers/random-values.js";

// gradClip bounds the global L2 norm of what the optimizer applies; the norm reported is the one before.

describe("clipping by global norm", () => {
  beforeAll(useWasm);

  it("scales gradients above the bound to norm <= maxNorm (same direction), and leaves those below untouched", async () => {
    const grads = [tf.tensor(randoms(300, 1, 8)), tf.tensor(randoms(40, 2, 8))];
    const before = await globalNorm(grads);
    expect(before).toBeGreaterThan(10);
    const clipped = await clipByGlobalNorm(grads, 1);
    expect(clipped.clipped).toBe(true);
    expect(clipped.norm).toBe(before);
    const after = await globalNorm(clipped.grads);
    expect(after).toBeLessThanOrEqual(1);
    expect(after).toBeGreaterThan(1 - 1e-5);
    const ratio = (await clipped.grads[0]!.data())[7]! / (await grads[0]!.data())[7]!;
    expect(ratio).toBeCloseTo(1 / before, 6);

    const loose = await clipByGlobalNorm(grads, before * 2);
    expect(loose.clipped).toBe(false);
    expect(loose.grads).toBe(grads);
    tf.dispose([...grads, ...clipped.grads]);
  });

  it("in a trial, one SGD step moves the weights by at most lr x gradClip, while the reported norm is the unclipped one", async () => {
    // 70 images, 7 held out: 63 in one batch, one update
    const run = async (gradClip?: number) => {
      const dir = tempDataDir("clip-");
      const config: TrialConfig = {
        benchmark: "fashion-mnist-mlp",
        activation: { name: "relu" },
        hyper: { epochs: 1, trainLimit: 70, testLimit: 50, batchSize: 64, lr: 0.1, optimizer: "sgd", ...(gradClip ? { gradClip } : {}) },
        seed: 2,
        checkpointDir: dir,
        download: false,
      };
      const result = await trainTrial(config);
      expect(result.epochs[0]!.steps).toBe(1);
      const impl = getBenchmarkImpl("fashion-mnist-mlp") as TrainableBenchmark;
      const data = await impl.load({ epochs: 1, batchSize: 64, lr: 0.1, optimizer: "sgd", trainLimit: 10, testLimit: 10 }, { download: false }, {});
      const model = impl.build(data, new Rng(2, RngStream.init), {});
      const after = loadCheckpoint(dir).values;
      let moved = 0;
      for (const p of model.params) {
        const w0 = p.variable.dataSync();
        const w1 = after.get(`param/${p.name}`)!.data;
        for (let i = 0; i < w0.length; i++) moved += (w1[i]! - w0[i]!) ** 2;
      }
      model.dispose();
      return { moved: Math.sqrt(moved), gradNorm: result.epochs[0]!.gradNorm };
    };
    const free = await run();
    const clipped = await run(0.05);
    expect(free.gradNorm).toBeGreaterThan(0.05);
    expect(free.moved).toBeCloseTo(0.1 * free.gradNorm, 4); // plain SGD: |dw| = lr |g|
    // reported before clipping (summed in float32 by tf ops there, in float64 by the optimizer here)
    expect(Math.abs(clipped.gradNorm - free.gradNorm) / free.gradNorm).toBeLessThan(1e-4);
    expect(clipped.moved).toBeLessThanOrEqual(0.1 * 0.05 * (1 + 1e-4));
    expect(clipped.moved).toBeGreaterThan(0.1 * 0.05 * 0.999);
  });
});
