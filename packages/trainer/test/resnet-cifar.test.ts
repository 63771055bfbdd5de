import { beforeAll, describe, expect, it } from "vitest";
import { trainTrial } from "../src/index.js";
import { useWasm } from "./helpers/backend.js";
import { tempDataDir, writeCifar10 } from "./helpers/dataset-files.js";

describe("cifar10-resnet20 on wasm (conv gradient supplied by the trainer)", () => {
  beforeAll(useWasm);

  it("trains on small CIFAR-format files: loss finite and decreasing, batch-norm state kept", async () => {
    const dataDir = tempDataDir();
    writeCifar10(dataDir, 8, 16); // 40 training images in the real binary layout
    const result = await trainTrial({
      benchmark: "cifar10-resnet20",
      activation: { name: "se-gem", N: 1, eps: 1e-4 },
      hyper: { epochs: 3, batchSize: 20, lr: 0.05, trainLimit: 40 },
      seed: 0,
      dataDir,
      download: false,
    });
    expect(result.status).toBe("completed");
    expect(result.parameterCount).toBeGreaterThan(260_000); // ResNet-20: ~0.27M parameters
    const losses = result.epochs.map((e) => e.trainLoss);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[2]!).toBeLessThan(losses[0]!);
    expect(result.epochs[0]!.health).toHaveLength(19); // stem + 2 per block x 9 blocks
  });
});
