import { beforeAll, describe, expect, it } from "vitest";
import { trainTrial, type TrialConfig } from "../src/index.js";
import { useWasm } from "./helpers/backend.js";

// beta1, beta2, adamEps and labelSmoothing reach the optimizer and the loss: each changes the
// training run it is set on, and leaves evaluation's definition alone.

const base: TrialConfig = {
  benchmark: "fashion-mnist-mlp",
  activation: { name: "relu" },
  hyper: { epochs: 1, trainLimit: 600, testLimit: 200, batchSize: 60, optimizer: "adam", lr: 1e-3 },
  seed: 9,
  download: false,
};
const run = async (extra: Record<string, number>) => (await trainTrial({ ...base, hyper: { ...base.hyper, ...extra } })).epochs[0]!;

describe("optimizer knobs in a trial", () => {
  beforeAll(useWasm);

  it("beta1, beta2 and adamEps change the Adam updates; the defaults are Adam's (0.9, 0.999, 1e-8)", async () => {
    const plain = await run({});
    expect(await run({ beta1: 0.9, beta2: 0.999, adamEps: 1e-8 })).toMatchObject({ trainLoss: plain.trainLoss, testLoss: plain.testLoss });
    for (const knob of [{ beta1: 0.5 }, { beta2: 0.9 }, { adamEps: 1 }] as Record<string, number>[]) {
      expect((await run(knob)).testLoss, JSON.stringify(knob)).not.toBe(plain.testLoss);
    }
  });

  it("label smoothing raises the training loss (targets spread over the classes), not the definition of the evaluation loss", async () => {
    const plain = await run({});
    const smooth = await run({ labelSmoothing: 0.2 });
    expect(smooth.trainLoss).toBeGreaterThan(plain.trainLoss);
    // the test loss stays plain cross-entropy of a (differently trained) model: same order of magnitude
    expect(smooth.testLoss).toBeLessThan(plain.testLoss * 1.5);
  });
});
