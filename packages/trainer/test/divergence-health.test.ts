import { beforeAll, describe, expect, it } from "vitest";
import { trainTrial, type TrialConfig } from "../src/index.js";
import { useWasm } from "./helpers/backend.js";

const small: Omit<TrialConfig, "activation"> = {
  benchmark: "fashion-mnist-mlp",
  hyper: { epochs: 1, trainLimit: 512, testLimit: 256, batchSize: 128 },
  seed: 1,
  download: false,
};

describe("divergence", () => {
  beforeAll(useWasm);

  it("a NaN-producing learning rate ends the trial as `diverged` (a result, not an exception)", async () => {
    const result = await trainTrial({ ...small, activation: { name: "relu" }, hyper: { ...small.hyper, epochs: 3, lr: 1e6, optimizer: "sgd" } });
    expect(result.status).toBe("diverged");
    expect(result.finalMetric).toBeNull();
    expect(result.reason).toMatch(/NaN|Infinity/);
  });
});

describe("activation health (dead units)", () => {
  beforeAll(useWasm);

  it("a ReLU net with a big negative bias has dead units; SE-GEM in the same net has none", async () => {
    const relu = await trainTrial({ ...small, activation: { name: "relu" }, model: { hiddenBias: -20 } });
    const se = await trainTrial({ ...small, activation: { name: "se-gem", N: 1, eps: 1e-2 }, model: { hiddenBias: -20 } });
    const reluDead = relu.epochs[0]!.health;
    expect(reluDead).toHaveLength(2);
    expect(reluDead[0]!.deadFraction).toBeGreaterThan(0.9);
    expect(relu.epochs[0]!.deadFraction).toBeGreaterThan(0.5);
    expect(se.epochs[0]!.health.every((h) => h.deadUnits === 0)).toBe(true);
    expect(se.epochs[0]!.deadFraction).toBe(0);
    // a -20 bias pushes nearly every pre-activation below zero: near-dead in both nets
    expect(relu.epochs[0]!.nearDeadFraction).toBeGreaterThanOrEqual(relu.epochs[0]!.deadFraction);
    expect(se.epochs[0]!.nearDeadFraction).toBeGreaterThan(0.5);
    expect(se.epochs[0]!.health.every((h) => h.nearDeadFraction === h.nearDeadUnits / h.units)).toBe(true);
  });
});
