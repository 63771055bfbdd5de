import { BENCHMARK_NAMES } from "@gemsweep/contracts";
import { describe, expect, it } from "vitest";
import { BENCHMARK_REGISTRY, trainTrial } from "../src/index.js";

describe("benchmark registry", () => {
  it("implements every benchmark of core's catalog", () => {
    expect(Object.keys(BENCHMARK_REGISTRY).sort()).toEqual([...BENCHMARK_NAMES].sort());
  });
});

describe("sleep benchmark", () => {
  it("sleeps sleepMs per epoch and reports each epoch", async () => {
    const epochs: number[] = [];
    const result = await trainTrial(
      { benchmark: "sleep", activation: { name: "relu" }, hyper: { epochs: 3, sleepMs: 20 }, seed: 0 },
      { onEpoch: (m) => void epochs.push(m.epoch) },
    );
    expect(result.status).toBe("completed");
    expect(epochs).toEqual([1, 2, 3]);
    expect(result.epochs.every((e) => e.epochSeconds >= 0.015)).toBe(true);
  });

  it("fails its first failTimes attempts, then succeeds", async () => {
    const config = { benchmark: "sleep" as const, activation: { name: "relu" as const }, hyper: { epochs: 1, failTimes: 2 }, seed: 0 };
    await expect(trainTrial({ ...config, attempt: 1 })).rejects.toThrow(/fails on purpose/);
    await expect(trainTrial({ ...config, attempt: 2 })).rejects.toThrow(/fails on purpose/);
    expect((await trainTrial({ ...config, attempt: 3 })).status).toBe("completed");
  });

  it("stops when asked", async () => {
    const result = await trainTrial(
      { benchmark: "sleep", activation: { name: "relu" }, hyper: { epochs: 100, sleepMs: 1000 }, seed: 0 },
      { shouldStop: async () => true },
    );
    expect(result.status).toBe("stopped");
  });
});
