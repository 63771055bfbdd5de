import { syntheticAccuracy } from "@gemsweep/core";
import { describe, expect, it } from "vitest";
import { trainTrial } from "../src/index.js";

// The synthetic benchmark reports core's known function: exactly, per epoch, so the protocol's
// tests can predict ASHA's rungs and the tuning choice.
describe("synthetic benchmark", () => {
  const activation = { name: "e-gem" as const, N: 1, eps: 1 };

  it("reports the validation accuracy per epoch and the test accuracy as the final metric", async () => {
    const metrics: number[] = [];
    const result = await trainTrial(
      { benchmark: "synthetic", activation, hyper: { epochs: 3, lr: 3e-3 }, seed: 4 },
      { onEpoch: (m) => void metrics.push(m.metric) },
    );
    expect(result.status).toBe("completed");
    expect(metrics).toEqual([1, 2, 3].map((e) => syntheticAccuracy(activation, { lr: 3e-3 }, 4, e).validation));
    expect(result.finalMetric).toBe(syntheticAccuracy(activation, { lr: 3e-3 }, 4, 3).test);
  });

  it("diverges at a learning rate of 0.5 and above", async () => {
    const result = await trainTrial({ benchmark: "synthetic", activation, hyper: { epochs: 3, lr: 0.5 }, seed: 0 });
    expect(result.status).toBe("diverged");
    expect(result.finalMetric).toBeNull();
  });

  it("stops when asked", async () => {
    const result = await trainTrial({ benchmark: "synthetic", activation, hyper: { epochs: 50, sleepMs: 1000 }, seed: 0 }, { shouldStop: async () => true });
    expect(result.status).toBe("stopped");
  });
});
