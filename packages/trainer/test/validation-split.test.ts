import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bestEpochOf,
  getBenchmarkImpl,
  holdOutValidation,
  trainTrial,
  type ImageSplit,
  type TaskData,
  type TrainableBenchmark,
  type TrialConfig,
} from "../src/index.js";
import { useWasm } from "./helpers/backend.js";
import { tempDataDir, writeIdx } from "./helpers/dataset-files.js";

// Validation discipline: a fixed, seeded part of the training split is held out (never trained
// on, the same for every seed and activation), and "best" is the best validation epoch,
// reported on test.

/** n one-pixel "images" whose pixel is the example's index mod 256 and label the index mod 10, 4 bytes each to hold larger indices. */
function indexedSplit(n: number): ImageSplit {
  const images = new Uint8Array(n * 4);
  const view = new DataView(images.buffer);
  for (let i = 0; i < n; i++) view.setUint32(i * 4, i, true);
  return { images, labels: Uint8Array.from({ length: n }, (_, i) => i % 10), count: n };
}
const idsOf = (split: ImageSplit) => Array.from({ length: split.count }, (_, i) => new DataView(split.images.buffer, split.images.byteOffset).getUint32(i * 4, true));

describe("the held-out validation split", () => {
  it("takes round(fraction x n) examples, disjoint from the training ones, together all of them, labels kept", () => {
    const split = indexedSplit(1003);
    const { train, val, trainIndices, valIndices } = holdOutValidation(split, 0.1, 4);
    expect(val.count).toBe(100);
    expect(train.count).toBe(903);
    const trainIds = idsOf(train);
    const valIds = idsOf(val);
    expect(trainIds).toEqual([...trainIndices]);
    expect(valIds).toEqual([...valIndices]);
    const trainSet = new Set(trainIds);
    expect(valIds.some((id) => trainSet.has(id))).toBe(false);
    expect([...trainIds, ...valIds].sort((a, b) => a - b)).toEqual(Array.from({ length: 1003 }, (_, i) => i));
    valIds.forEach((id, i) => expect(val.labels[i]).toBe(id % 10));
    // spread over the whole split, not its tail
    expect(Math.min(...valIds)).toBeLessThan(100);
    expect(Math.max(...valIds)).toBeGreaterThan(900);
  });

  it("is a fixed function of the split's size and the fraction: every call (so every seed and activation) gets the same one", () => {
    const a = holdOutValidation(indexedSplit(500), 0.2, 4);
    const b = holdOutValidation(indexedSplit(500), 0.2, 4);
    expect([...a.valIndices]).toEqual([...b.valIndices]);
    expect(holdOutValidation(indexedSplit(500), 0, 4).val.count).toBe(0);
  });
});

describe("validation in a trial", () => {
  beforeAll(useWasm);

  const small = (hyper: TrialConfig["hyper"], extra: Partial<TrialConfig> = {}): TrialConfig => ({
    benchmark: "fashion-mnist-mlp",
    activation: { name: "relu" },
    hyper: { epochs: 3, trainLimit: 1000, testLimit: 300, batchSize: 100, ...hyper },
    seed: 4,
    download: false,
    ...extra,
  });

  it("the benchmark's data holds out the same validation images whatever the seed or activation (load takes neither)", async () => {
    // Unique images: image i has its index in its first pixels.
    const root = tempDataDir();
    const dir = join(root, "mnist");
    const images = new Uint8Array(300 * 784);
    for (let i = 0; i < 300; i++) new DataView(images.buffer).setUint16(i * 784, i, true);
    writeIdx(dir, "train-images-idx3-ubyte", [300, 28, 28], images);
    writeIdx(dir, "train-labels-idx1-ubyte", [300], Uint8Array.from({ length: 300 }, (_, i) => i % 10));
    writeIdx(dir, "t10k-images-idx3-ubyte", [20, 28, 28], new Uint8Array(20 * 784));
    writeIdx(dir, "t10k-labels-idx1-ubyte", [20], new Uint8Array(20));
    const impl = getBenchmarkImpl("mnist-mlp") as TrainableBenchmark;
    const load = () => impl.load({ epochs: 1, batchSize: 10, lr: 1e-3, optimizer: "adam", valFraction: 0.1 }, { dataDir: root, download: false, verify: false }, {});
    const ids = async (data: TaskData, split: "val" | "train") => {
      const batch = split === "val" ? data.valBatch(0, data.valCount) : data.trainBatch(Uint32Array.from({ length: data.trainCount }, (_, i) => i), undefined as never);
      const x = (await batch.input.x.data()) as Float32Array;
      const out: number[] = [];
      // pixels were normalized to [-1, 1]: undo it to read the two index bytes back
      const byte = (v: number) => Math.round((v * 0.5 + 0.5) * 255);
      for (let r = 0; r < batch.examples; r++) out.push(byte(x[r * 784]!) + 256 * byte(x[r * 784 + 1]!));
      batch.input.x.dispose();
      batch.input.xT?.dispose();
      batch.labels.dispose();
      return out;
    };
    const [a, b] = [await load(), await load()];
    expect(a.valCount).toBe(30);
    expect(a.trainCount).toBe(270);
    const valA = await ids(a, "val");
    expect(await ids(b, "val")).toEqual(valA);
    const trainA = new Set(await ids(a, "train"));
    expect(valA.some((id) => trainA.has(id))).toBe(false);
    expect(trainA.size + valA.length).toBe(300);
  });

  it("trials of different seeds and activations validate on the very same examples (observed through trainTrial)", async () => {
    const root = tempDataDir();
    const dir = join(root, "mnist");
    const images = new Uint8Array(200 * 784);
    for (let i = 0; i < 200; i++) new DataView(images.buffer).setUint16(i * 784, i, true);
    writeIdx(dir, "train-images-idx3-ubyte", [200, 28, 28], images);
    writeIdx(dir, "train-labels-idx1-ubyte", [200], Uint8Array.from({ length: 200 }, (_, i) => i % 10));
    writeIdx(dir, "t10k-images-idx3-ubyte", [20, 28, 28], new Uint8Array(20 * 784));
    writeIdx(dir, "t10k-labels-idx1-ubyte", [20], new Uint8Array(20));
    // record the validation examples each trial's data hands out (the real loader, observed)
    const impl = getBenchmarkImpl("mnist-mlp") as TrainableBenchmark;
    const load = impl.load;
    const seen: number[][] = [];
    impl.load = async (...args) => {
      const data = await load(...args);
      const batch = data.valBatch(0, data.valCount);
      const x = (await batch.input.x.data()) as Float32Array;
      const byte = (v: number) => Math.round((v * 0.5 + 0.5) * 255);
      seen.push(Array.from({ length: batch.examples }, (_, r) => byte(x[r * 784]!) + 256 * byte(x[r * 784 + 1]!)));
      tf.dispose([batch.input.x, batch.input.xT!, batch.labels]);
      return data;
    };
    try {
      for (const [seed, activation] of [[0, { name: "relu" }], [1, { name: "gelu" }], [2, { name: "gem", N: 2 }]] as const) {
        await trainTrial({ benchmark: "mnist-mlp", activation, hyper: { epochs: 1, batchSize: 60 }, seed, dataDir: root, download: false, verifyData: false });
      }
    } finally {
      impl.load = load;
    }
    expect(seen).toHaveLength(3);
    expect(seen[0]).toHaveLength(20);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
  });

  it("each epoch records validation and test numbers; `metric` is the validation one; best = best validation epoch, reported on test", async () => {
    const result = await trainTrial(small({ lr: 3e-3 }));
    expect(result.status).toBe("completed");
    for (const e of result.epochs) {
      expect(e.valMetric).not.toBeNull();
      expect(e.metric).toBe(e.valMetric);
      expect(e.loss).toBe(e.valLoss);
      expect(e.testMetric).toBeGreaterThan(0.3);
      expect(e.lr).toBe(3e-3);
    }
    expect(result.finalMetric).toBe(result.epochs.at(-1)!.testMetric);
    const vals = result.epochs.map((e) => e.valMetric!);
    const bestEpoch = vals.indexOf(Math.max(...vals)) + 1;
    expect(result.best).toEqual({ epoch: bestEpoch, metric: result.epochs[bestEpoch - 1]!.testMetric });
  });

  it("valFraction 0: no validation numbers, `metric` falls back to test, and no best epoch (the table says 'no validation')", async () => {
    const result = await trainTrial(small({ valFraction: 0, epochs: 1 }));
    const e = result.epochs[0]!;
    expect([e.valMetric, e.valLoss]).toEqual([null, null]);
    expect(e.metric).toBe(e.testMetric);
    expect(result.best).toBeNull();
    expect(result.finalMetric).toBe(e.testMetric);
  });
});

describe("the best epoch", () => {
  const epochs = [
    { epoch: 1, valMetric: 0.8, testMetric: 0.79 },
    { epoch: 2, valMetric: 0.86, testMetric: 0.84 },
    { epoch: 3, valMetric: 0.85, testMetric: 0.9 }, // best on test, not on validation
  ];

  it("is chosen on validation and reported on test, never the best test epoch", () => {
    expect(bestEpochOf(epochs, "max", "test")).toEqual({ epoch: 2, metric: 0.84 });
    expect(bestEpochOf(epochs, "min", "test")).toEqual({ epoch: 1, metric: 0.79 });
    expect(bestEpochOf(epochs, "min", "validation")).toEqual({ epoch: 1, metric: 0.8 });
  });

  it("ties go to the earliest epoch; without validation there is none", () => {
    expect(bestEpochOf([...epochs, { epoch: 4, valMetric: 0.86, testMetric: 0.95 }], "max", "test")).toEqual({ epoch: 2, metric: 0.84 });
    expect(bestEpochOf([{ epoch: 1, valMetric: null, testMetric: 0.9 }], "max", "test")).toBeNull();
  });
});
