import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { getBenchmarkImpl, Rng, RngStream, trainTrial, type TrainableBenchmark, type TrialConfig } from "../src/index.js";
import { useWasm } from "./helpers/backend.js";

const base: TrialConfig = {
  benchmark: "fashion-mnist-mlp",
  activation: { name: "relu" },
  hyper: { epochs: 2, trainLimit: 1024, testLimit: 500, batchSize: 64 },
  seed: 7,
  download: false,
};

async function initialWeights(seed: number): Promise<Float32Array[]> {
  const impl = getBenchmarkImpl("fashion-mnist-mlp") as TrainableBenchmark;
  const data = await impl.load({ epochs: 1, batchSize: 64, lr: 1e-3, optimizer: "adam", trainLimit: 10, testLimit: 10 }, { download: false }, {});
  const model = impl.build(data, new Rng(seed, RngStream.init), {});
  const values = model.params.map((p) => p.variable.dataSync() as Float32Array);
  model.dispose();
  return values;
}

describe("deterministic seeding (paired runs)", () => {
  beforeAll(useWasm);

  it("the same seed gives the same initial weights; another seed does not", async () => {
    const a = await initialWeights(3);
    const b = await initialWeights(3);
    const c = await initialWeights(4);
    expect(a.map((t) => [...t])).toEqual(b.map((t) => [...t]));
    expect([...a[0]!.subarray(0, 50)]).not.toEqual([...c[0]!.subarray(0, 50)]);
  });

  it("the data order depends on the seed only, never on the activation", () => {
    const order = (seed: number) => [...new Rng(seed, RngStream.data).permutation(1000)];
    expect(order(5)).toEqual(order(5));
    expect(order(5)).not.toEqual(order(6));
    // The init stream and the data stream of one seed are different sequences.
    expect(new Rng(5, RngStream.init).nextU32()).not.toBe(new Rng(5, RngStream.data).nextU32());
  });

  it("two runs with one seed are identical, epoch by epoch; another seed differs", async () => {
    const a = await trainTrial(base);
    const b = await trainTrial(base);
    const c = await trainTrial({ ...base, seed: 8 });
    expect(a.status).toBe("completed");
    expect(a.epochs.map((e) => [e.trainLoss, e.loss, e.metric, e.gradNorm])).toEqual(b.epochs.map((e) => [e.trainLoss, e.loss, e.metric, e.gradNorm]));
    expect(c.epochs[0]!.trainLoss).not.toBe(a.epochs[0]!.trainLoss);
  });

  it("leaks no tensors across a trial", async () => {
    await trainTrial({ ...base, hyper: { ...base.hyper, epochs: 1 } });
    const before = tf.memory().numTensors;
    await trainTrial({ ...base, hyper: { ...base.hyper, epochs: 1 } });
    expect(tf.memory().numTensors).toBe(before);
  });
});
