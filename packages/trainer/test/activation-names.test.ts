import { describe, expect, it } from "vitest";
import { ACTIVATION_NAMES as CORE_NAMES, ACTIVATION_PARAMS } from "@gemsweep/core";
import { ACTIVATION_NAMES as KERNEL_NAMES, validateActivationSpec } from "@gemsweep/kernels";

// core (pure: the spec) and kernels (tfjs) each list the activations; the trainer joins them,
// so this is where a name added to one list and not the other is caught.
describe("the spec's activations are the kernels' activations", () => {
  it("have the same names", () => {
    expect([...CORE_NAMES].sort()).toEqual([...KERNEL_NAMES].sort());
  });

  it("accept the same parameters", () => {
    for (const name of CORE_NAMES) {
      const params = Object.fromEntries((ACTIVATION_PARAMS[name] as readonly string[]).map((p) => [p, p === "N" ? 2 : 0.5]));
      expect(() => validateActivationSpec({ name, ...params })).not.toThrow();
    }
  });
});
