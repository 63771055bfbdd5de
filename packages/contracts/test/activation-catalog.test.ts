import { describe, expect, it } from "vitest";
import {
  ACTIVATION_NAMES,
  ACTIVATIONS,
  ErrorCode,
  GemSweepError,
  activationFromKey,
  activationKey,
  activationLabel,
  activationSchema,
  parseActivation,
  paramsOf,
  sameActivation,
  withDefaults,
} from "../src/index.js";

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseActivation(input);
  } catch (error) {
    expect(error).toBeInstanceOf(GemSweepError);
    expect((error as GemSweepError).code).toBe(ErrorCode.INVALID_INPUT);
    return (error as GemSweepError).issues;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe("parseActivation", () => {
  it("fills each activation's own defaults and nothing else", () => {
    expect(parseActivation({ name: "gem" })).toEqual({ name: "gem", N: 1 });
    expect(parseActivation({ name: "e-gem" })).toEqual({ name: "e-gem", N: 1, eps: 1 });
    expect(parseActivation({ name: "se-gem" })).toEqual({ name: "se-gem", N: 1, eps: 1, alpha: 0.01 });
    expect(parseActivation({ name: "e-gem", N: 2, eps: 1e-4 })).toEqual({ name: "e-gem", N: 2, eps: 1e-4 });
    expect(parseActivation("relu")).toEqual({ name: "relu" });
    expect(parseActivation("leaky-relu")).toEqual({ name: "leaky-relu", alpha: 0.01 });
  });

  it.each([
    [{ name: "gem", N: 1.5 }, "N", "N must be an integer >= 1"],
    [{ name: "e-gem", N: 0 }, "N", "N must be an integer >= 1"],
    [{ name: "e-gem", N: 65 }, "N", "N must be <= 64"],
    [{ name: "e-gem", N: "2" }, "N", "N must be an integer >= 1"],
    [{ name: "e-gem", eps: 0 }, "eps", "eps must be > 0"],
    [{ name: "se-gem", eps: -1 }, "eps", "eps must be > 0"],
    [{ name: "se-gem", eps: 1e7 }, "eps", "eps must be <= 1e6"],
    [{ name: "se-gem", eps: Infinity }, "eps", "eps must be a number > 0"],
    [{ name: "se-gem", alpha: 1.5 }, "alpha", "alpha must be < 1"],
    [{ name: "gem", eps: 0.1 }, "eps", "eps is not a parameter of gem: it takes N (gem fixes eps = 1; use e-gem for another scale)"],
    [{ name: "relu", N: 2 }, "N", "N is not a parameter of relu: it takes no parameters"],
    [{ name: "e-gem", alpha: 0.1 }, "alpha", "alpha is not a parameter of e-gem: it takes N, eps"],
    [{ name: "e-gem", beta: 1 }, "beta", "unknown key 'beta'"],
  ])("%j is rejected naming %s", (input, path, message) => {
    expect(issuesOf(input)).toContainEqual({ path, message });
  });

  it("names the activation field for an unknown name", () => {
    const [issue] = issuesOf({ name: "gemm" });
    expect(issue?.path).toBe("name");
    expect(issue?.message).toMatch(/relu.*se-gem/);
  });

  it("the schema reports on the same paths (a job payload nests it)", () => {
    const bad = activationSchema.safeParse({ name: "e-gem", N: 1.5 });
    expect(bad.error?.issues[0]?.path).toEqual(["N"]);
  });
});

describe("activation keys and labels", () => {
  it("keys are canonical: defaults filled, shortest number form", () => {
    expect(activationKey({ name: "gem" })).toBe("gem|N=1");
    expect(activationKey({ name: "e-gem", eps: 1e-2 })).toBe("e-gem|N=1|eps=0.01");
    expect(activationKey({ name: "e-gem", N: 1, eps: 0.01 })).toBe(activationKey({ name: "e-gem", eps: 1e-2 }));
    expect(activationKey({ name: "relu" })).toBe("relu");
  });

  it("a key a user typed reads back into the same activation, validated", () => {
    for (const name of ACTIVATION_NAMES) {
      const full = withDefaults({ name });
      expect(activationFromKey(activationKey(full))).toEqual(full);
    }
    expect(activationFromKey("se-gem|N=2|eps=0.0001|alpha=0.1")).toEqual({ name: "se-gem", N: 2, eps: 1e-4, alpha: 0.1 });
    expect(() => activationFromKey("e-gem|N=1|eps=-1")).toThrow(/eps must be > 0/);
    expect(() => activationFromKey("swishy")).toThrow(/does not name an activation/);
  });

  it("labels print the paper's names and symbols", () => {
    expect(activationLabel({ name: "e-gem", N: 1, eps: 0.01 })).toBe("E-GEM (N=1, ε=0.01)");
    expect(activationLabel({ name: "gem", N: 2 })).toBe("GEM (N=2)");
    expect(activationLabel({ name: "se-gem", eps: 1e-4 })).toBe("SE-GEM (N=1, ε=0.0001, α=0.01)");
    expect(activationLabel({ name: "gelu" })).toBe("GELU");
    expect(activationLabel({ name: "leaky-relu" })).toBe("LeakyReLU (α=0.01)");
  });

  it("every name has a display name, and its defaults are valid values", () => {
    for (const name of ACTIVATION_NAMES) {
      expect(ACTIVATIONS[name].displayName).toMatch(/\S/);
      expect(() => parseActivation(withDefaults({ name }))).not.toThrow();
      expect(paramsOf(name)).toEqual(Object.keys(ACTIVATIONS[name].params).sort((a, b) => "N eps alpha".indexOf(a) - "N eps alpha".indexOf(b)));
    }
  });

  it("equal configs are the same activation, defaults included", () => {
    expect(sameActivation({ name: "gem" }, { name: "gem", N: 1 })).toBe(true);
    expect(sameActivation({ name: "gem", N: 2 }, { name: "gem", N: 1 })).toBe(false);
    expect(sameActivation({ name: "e-gem" }, { name: "gem" })).toBe(false);
  });
});
