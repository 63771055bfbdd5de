import { ACTIVATION_NAMES, GemSweepError } from "@gemsweep/contracts";
import { describe, expect, it } from "vitest";
import { ACTIVATIONS } from "../src/activation-registry.js";
import { activation, kernelActivationOf } from "../src/index.js";

// The catalog (names, parameters, bounds) is @gemsweep/contracts'; the kernels implement every
// name in it and validate through it before touching a tensor.
describe("kernels and the activation catalog", () => {
  it("implement every activation the catalog names, and nothing else", () => {
    expect(Object.keys(ACTIVATIONS).sort()).toEqual([...ACTIVATION_NAMES].sort());
  });

  it("activation() validates through the catalog, before any tensor is touched", () => {
    expect(() => activation({ name: "e-gem", N: 0 })).toThrow(GemSweepError);
    expect(() => activation({ name: "gem", eps: 0.5 })).toThrow(/eps is not a parameter of gem/);
  });

  it("fills neutral kernel values for the parameters an activation does not take", () => {
    expect(kernelActivationOf({ name: "gem", N: 2 })).toEqual({ name: "gem", N: 2, eps: 1, alpha: 0 });
    expect(kernelActivationOf("se-gem")).toEqual({ name: "se-gem", N: 1, eps: 1, alpha: 0.01 });
  });
});
