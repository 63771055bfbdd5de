import type { Hyper } from "@gemsweep/contracts";
import { describe, expect, it } from "vitest";
import { learningRateAt, lrScheduleOf } from "../src/index.js";

// Every step's rate of every schedule, against the formula written out independently here
// (PyTorch's StepLR / MultiStepLR / CosineAnnealingLR / LinearLR closed forms after a linear warmup).

const STEPS_PER_EPOCH = 4;
const base: Hyper = { epochs: 5, batchSize: 32, lr: 0.4, optimizer: "sgd" };
const ratesOf = (hyper: Hyper) => {
  const s = lrScheduleOf(hyper, STEPS_PER_EPOCH);
  return Array.from({ length: hyper.epochs * STEPS_PER_EPOCH }, (_, step) => learningRateAt(s, step));
};

describe("learning-rate schedules, step by step", () => {
  it("constant: lr at every step; with a 1-epoch warmup, lr * (step + 1) / 4 for the first 4 steps", () => {
    expect(ratesOf(base)).toEqual(Array(20).fill(0.4));
    const warm = ratesOf({ ...base, warmupEpochs: 1 });
    expect(warm.slice(0, 4)).toEqual([0.1, 0.2, 0.30000000000000004, 0.4]);
    expect(warm.slice(4)).toEqual(Array(16).fill(0.4));
  });

  it("multistep: x gamma at each milestone (epochs, fractional allowed), after a 3-step warmup", () => {
    const rates = ratesOf({ ...base, schedule: "multistep", milestones: [2, 3.5], gamma: 0.1, warmupSteps: 3 });
    const lr = 0.4;
    // milestones at steps 2 * 4 = 8 and 3.5 * 4 = 14
    const expected = [lr / 3, (2 * lr) / 3, lr, lr, lr, lr, lr, lr, ...Array(6).fill(lr * 0.1), ...Array(6).fill(lr * 0.1 * 0.1)];
    rates.forEach((r, step) => expect(r, `step ${step}`).toBeCloseTo(expected[step]!, 15));
  });

  it("step: x gamma every stepEpochs epochs", () => {
    const rates = ratesOf({ ...base, schedule: "step", stepEpochs: 2, gamma: 0.5 });
    rates.forEach((r, step) => expect(r, `step ${step}`).toBe(0.4 * 0.5 ** Math.floor(step / 8)));
  });

  it("cosine: minLr + (lr - minLr)(1 + cos(pi t / T))/2 over the steps after warmup", () => {
    const hyper: Hyper = { ...base, schedule: "cosine", warmupEpochs: 1, minLr: 0.04 };
    const rates = ratesOf(hyper);
    const W = 4;
    const T = 20 - W;
    rates.forEach((r, step) => {
      const expected = step < W ? (0.4 * (step + 1)) / W : 0.04 + ((0.4 - 0.04) * (1 + Math.cos((Math.PI * (step - W)) / T))) / 2;
      expect(r, `step ${step}`).toBeCloseTo(expected, 15);
    });
    expect(rates[W]).toBe(0.4); // the peak right after warmup
    for (let step = W + 1; step < 20; step++) expect(rates[step]!).toBeLessThan(rates[step - 1]!);
    expect(rates[19]!).toBeGreaterThan(0.04);
    expect(rates[19]!).toBeLessThan(0.045);
  });

  it("linear: straight from lr to minLr over the steps after warmup", () => {
    const rates = ratesOf({ ...base, schedule: "linear", warmupSteps: 2, minLr: 0 });
    rates.forEach((r, step) => {
      const expected = step < 2 ? (0.4 * (step + 1)) / 2 : 0.4 * (1 - (step - 2) / 18);
      expect(r, `step ${step}`).toBeCloseTo(expected, 15);
    });
  });

  it("a warmup longer than the run only ramps (the decay never starts)", () => {
    const s = lrScheduleOf({ ...base, schedule: "cosine", warmupSteps: 100 }, STEPS_PER_EPOCH);
    expect(learningRateAt(s, 19)).toBeCloseTo((0.4 * 20) / 100, 15);
  });
});
