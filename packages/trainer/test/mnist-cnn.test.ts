import { join } from "node:path";
import { BENCHMARKS } from "@gemsweep/core";
import { beforeAll, describe, expect, it } from "vitest";
import { trainTrial } from "../src/index.js";
import { useWasm } from "./helpers/backend.js";
import { tempDataDir, writeIdx } from "./helpers/dataset-files.js";

// mnist-cnn: TensorFlow's Deep MNIST network and recipe. MNIST itself is not on the test
// machines, so it trains here on small IDX files of a learnable pattern, and on synthetic data;
// the >= 99.2% on real MNIST is the recipe's published figure (docs/training.md#recipes).

/** Digit-like IDX files: class c is a bright 6x6 block at a class-dependent place, plus noise. */
function writePatternMnist(root: string, train: number, test: number): void {
  let s = 12345;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const images = (n: number) => {
    const out = new Uint8Array(n * 784);
    for (let i = 0; i < n; i++) {
      const c = i % 10;
      const top = (c % 5) * 5 + 1;
      const left = Math.floor(c / 5) * 12 + 4;
      for (let p = 0; p < 784; p++) out[i * 784 + p] = Math.floor(rand() * 60);
      for (let y = top; y < top + 6; y++) for (let x = left; x < left + 6; x++) out[i * 784 + y * 28 + x] = 200 + Math.floor(rand() * 55);
    }
    return out;
  };
  const labels = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 10);
  const dir = join(root, "mnist");
  writeIdx(dir, "train-images-idx3-ubyte", [train, 28, 28], images(train), true);
  writeIdx(dir, "train-labels-idx1-ubyte", [train], labels(train), true);
  writeIdx(dir, "t10k-images-idx3-ubyte", [test, 28, 28], images(test));
  writeIdx(dir, "t10k-labels-idx1-ubyte", [test], labels(test));
}

describe("mnist-cnn", () => {
  beforeAll(useWasm);

  it("its recipe is the tutorial's: 5x5 convs of 32 and 64, dense 1024, dropout 0.5, Adam 1e-4, batch 50, ~20k steps", () => {
    const { defaults } = BENCHMARKS["mnist-cnn"];
    expect(defaults).toMatchObject({ optimizer: "adam", lr: 1e-4, batchSize: 50, dropout: 0.5, valFraction: 0.1 });
    expect(defaults.epochs * Math.ceil(54_000 / defaults.batchSize)).toBeGreaterThanOrEqual(20_000);
  });

  it("trains the default network on small IDX files (gzipped and plain) and learns them", async () => {
    const dataDir = tempDataDir();
    writePatternMnist(dataDir, 250, 100);
    const result = await trainTrial({
      benchmark: "mnist-cnn",
      activation: { name: "gelu" },
      hyper: { epochs: 2, lr: 2e-3 },
      seed: 0,
      dataDir,
      download: false,
      verifyData: false, // not the real MNIST files: their checksums would not match
    });
    expect(result.status).toBe("completed");
    expect(result.parameterCount).toBe(5 * 5 * 32 + 32 + 5 * 5 * 32 * 64 + 64 + 7 * 7 * 64 * 1024 + 1024 + 1024 * 10 + 10);
    expect(result.epochs[0]!.steps).toBe(Math.ceil(225 / 50)); // 25 of 250 held out for validation
    expect(result.epochs.at(-1)!.testMetric).toBeGreaterThan(0.9);
    expect(result.epochs[0]!.health.map((h) => h.site)).toEqual(["conv1", "conv2", "dense1"]);
  });

  it("trains on synthetic data of MNIST's shapes (hosts without the files)", async () => {
    const result = await trainTrial({
      benchmark: "mnist-cnn",
      activation: { name: "relu" },
      hyper: { epochs: 1, trainLimit: 200, testLimit: 100 },
      seed: 0,
      syntheticData: true,
    });
    expect(result.status).toBe("completed");
    expect(result.epochs[0]!.valMetric).not.toBeNull();
  });
});
