import { beforeAll, describe, expect, it } from "vitest";
import { loadIdxDataset, trainTrial } from "../src/index.js";
import { useWasm } from "./helpers/backend.js";

// Synthetic data (bench:train --synthetic, for GPU hosts that carry no dataset): the real
// dataset's shapes, deterministic, and never a file read.

describe("synthetic IDX data", () => {
  beforeAll(useWasm);

  it("has Fashion-MNIST's shapes and sizes, the same every time, without any file", async () => {
    const opts = { synthetic: true, dataDir: "/nonexistent", download: false };
    const a = await loadIdxDataset("fashion-mnist", opts);
    const b = await loadIdxDataset("fashion-mnist", opts);
    expect(a).toMatchObject({ height: 28, width: 28, channels: 1, numClasses: 10 });
    expect([a.train.count, a.test.count]).toEqual([60000, 10000]);
    expect(a.train.images.length).toBe(60000 * 784);
    expect(a.test.labels.reduce((m, v) => Math.max(m, v), 0)).toBe(9);
    expect(a.train.images.subarray(0, 4096)).toEqual(b.train.images.subarray(0, 4096));
    expect(a.name).toBe("fashion-mnist (synthetic)");
  });

  it("trains a trial through the real pipeline", async () => {
    const result = await trainTrial({
      benchmark: "fashion-mnist-mlp",
      activation: { name: "gem", N: 1 },
      hyper: { epochs: 1, trainLimit: 512, testLimit: 256, batchSize: 64 },
      seed: 0,
      dataDir: "/nonexistent",
      download: false,
      syntheticData: true,
    });
    expect(result.status).toBe("completed");
    expect(result.epochs[0]!.samplesPerSec).toBeGreaterThan(0);
  });
});
