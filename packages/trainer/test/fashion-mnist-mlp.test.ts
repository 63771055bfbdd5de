import { beforeAll, describe, expect, it } from "vitest";
import { trainTrial } from "../src/index.js";
import { useWasm } from "./helpers/backend.js";
import { tempDataDir } from "./helpers/dataset-files.js";

describe("fashion-mnist-mlp on the real Debian data (wasm)", () => {
  beforeAll(useWasm);

  it("reaches >= 80% accuracy on the full 10,000-image test set after one epoch", async () => {
    const seen: number[] = [];
    const result = await trainTrial(
      // An empty data directory: the loader must find /usr/share/datasets/fashion-mnist by itself.
      { benchmark: "fashion-mnist-mlp", activation: { name: "relu" }, hyper: { epochs: 1 }, seed: 0, dataDir: tempDataDir(), download: false },
      { onEpoch: (m) => void seen.push(m.epoch) },
    );
    expect(result.status).toBe("completed");
    expect(seen).toEqual([1]);
    const epoch = result.epochs[0]!;
    expect(epoch.metricName).toBe("accuracy");
    expect(result.finalMetric).toBeGreaterThanOrEqual(0.8);
    expect(epoch.samplesPerSec).toBeGreaterThan(0);
    expect(epoch.gradNorm).toBeGreaterThan(0);
    expect(epoch.health.map((h) => h.site)).toEqual(["dense0", "dense1"]);
    expect(result.backend).toBe("wasm");
  });
});
