import { describe, expect, it } from "vitest";
import {
  ACTIVATION_NAMES,
  ActivationSpecError,
  activation,
  activationLabel,
  activationSpecSchema,
  canonicalActivationSpec,
  validateActivationSpec,
} from "../src/index.js";

function errorOf(spec: unknown): ActivationSpecError {
  try {
    validateActivationSpec(spec);
  } catch (error) {
    expect(error).toBeInstanceOf(ActivationSpecError);
    return error as ActivationSpecError;
  }
  throw new Error(`expected ${JSON.stringify(spec)} to be rejected`);
}

describe("validateActivationSpec", () => {
  it("fills GEM.md's defaults", () => {
    expect(validateActivationSpec({ name: "gem" })).toMatchObject({ name: "gem", N: 1, eps: 1 });
    expect(validateActivationSpec({ name: "e-gem" })).toMatchObject({ N: 1, eps: 1, alpha: 0 });
    expect(validateActivationSpec({ name: "se-gem" })).toEqual({ name: "se-gem", N: 1, eps: 1, alpha: 0.01 });
    expect(validateActivationSpec({ name: "e-gem", N: 2, eps: 1e-4 })).toMatchObject({ N: 2, eps: 1e-4 });
    expect(validateActivationSpec("relu")).toMatchObject({ name: "relu" });
  });

  it.each([
    [{ name: "gem", N: 1.5 }, "N", "N must be an integer >= 1 (got 1.5)"],
    [{ name: "e-gem", N: 0 }, "N", "N must be an integer >= 1 (got 0)"],
    [{ name: "e-gem", N: "2" }, "N", 'N must be an integer >= 1 (got "2")'],
    [{ name: "e-gem", eps: 0 }, "eps", "eps must be a finite number > 0 (got 0)"],
    [{ name: "se-gem", eps: -1 }, "eps", "eps must be a finite number > 0 (got -1)"],
    [{ name: "se-gem", eps: Infinity }, "eps", "eps must be a finite number > 0 (got Infinity)"],
    [{ name: "se-gem", alpha: 1.5 }, "alpha", "alpha must be a number in [0, 1) (got 1.5)"],
    [{ name: "gem", eps: 0.1 }, "eps", "eps is not a parameter of gem: it takes N (gem fixes eps = 1; use e-gem for another scale)"],
    [{ name: "relu", N: 2 }, "N", "N is not a parameter of relu: it takes no parameters"],
    [{ name: "e-gem", alpha: 0.1 }, "alpha", "alpha is not a parameter of e-gem: it takes N, eps"],
    [{ name: "e-gem", beta: 1 }, "beta", "beta is not a parameter of e-gem: it takes N, eps"],
    [{ name: "gemm" }, "name", "name must be one of relu, gelu, gelu-tanh, swish, mish, elu, leaky-relu, gem, e-gem, se-gem (got \"gemm\")"],
    [null, "name", "activation spec must be an object with a name (got null)"],
  ])("%j is rejected naming %s", (spec, field, message) => {
    const error = errorOf(spec);
    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
    expect(error.code).toBe("INVALID_ACTIVATION_SPEC");
  });

  it("the zod schema agrees, with the issue on the same path", () => {
    expect(activationSpecSchema.safeParse({ name: "e-gem", N: 2, eps: 0.1 }).success).toBe(true);
    const bad = activationSpecSchema.safeParse({ name: "e-gem", N: 1.5 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["N"]);
    expect(bad.error?.issues[0]?.message).toBe("N must be an integer >= 1 (got 1.5)");
    expect(activationSpecSchema.safeParse({ name: "gem", eps: 2 }).error?.issues[0]?.path).toEqual(["eps"]);
  });

  it("activation() validates too, before any tensor is touched", () => {
    expect(() => activation({ name: "e-gem", N: 0 })).toThrow(ActivationSpecError);
  });

  it("every name has a definition, a label and a canonical form", () => {
    for (const name of ACTIVATION_NAMES) {
      expect(activationLabel({ name })).toMatch(/\S/);
      expect(validateActivationSpec(canonicalActivationSpec({ name }))).toEqual(validateActivationSpec({ name }));
    }
    expect(activationLabel({ name: "e-gem", N: 1, eps: 0.01 })).toBe("E-GEM (N=1, ε=0.01)");
    expect(activationLabel({ name: "gem", N: 2 })).toBe("GEM (N=2)");
    expect(activationLabel({ name: "se-gem", eps: 1e-4 })).toBe("SE-GEM (N=1, ε=0.0001, α=0.01)");
    expect(canonicalActivationSpec({ name: "gem" })).toEqual({ name: "gem", N: 1 });
    expect(canonicalActivationSpec({ name: "relu" })).toEqual({ name: "relu" });
  });
});
