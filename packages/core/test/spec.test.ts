import { ErrorCode, GemSweepError } from "@gemsweep/contracts";
import { describe, it, expect } from "vitest";
import { MAX_SPEC_BYTES, parseSpec, sweepSpecJsonSchema } from "../src/index.js";

const DESIGN_YAML = `
name: fashion-mlp-gem
benchmark: fashion-mnist-mlp        # or a list; each has default hyperparameters
seeds: [0, 1, 2]                     # paired: every config sees the same seeds/data order
baseline: gelu                       # the row deltas and tests are computed against
activations:
  - relu
  - gelu
  - { name: gem, N: [1, 2] }
  - { name: e-gem, N: 1, eps: [1e-4, 1e-2, 1] }
  - { name: se-gem, N: 1, eps: 1e-4 }
overrides: { epochs: 5, batchSize: 128, lr: 1e-3 }
`;

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseSpec(input);
  } catch (err) {
    expect(err).toBeInstanceOf(GemSweepError);
    const e = err as GemSweepError;
    expect(e.code).toBe(ErrorCode.INVALID_SPEC);
    expect(e.issues.length).toBeGreaterThan(0);
    return e.issues;
  }
  throw new Error("expected parseSpec to throw");
}

function paths(input: unknown): string[] {
  return issuesOf(input).map((i) => i.path);
}

const base = { name: "t", benchmark: "fashion-mnist-mlp", activations: ["relu", "gelu"] };

describe("parseSpec: the example of docs/architecture.md", () => {
  it("parses the YAML example and normalizes shorthand forms", () => {
    const spec = parseSpec(DESIGN_YAML);
    expect(spec.name).toBe("fashion-mlp-gem");
    expect(spec.benchmark).toEqual(["fashion-mnist-mlp"]);
    expect(spec.seeds).toEqual([0, 1, 2]);
    expect(spec.baseline).toBe("gelu");
    expect(spec.activations).toEqual([
      { name: "relu" },
      { name: "gelu" },
      { name: "gem", N: [1, 2] },
      { name: "e-gem", N: 1, eps: [1e-4, 1e-2, 1] },
      { name: "se-gem", N: 1, eps: 1e-4 },
    ]);
    expect(spec.overrides).toEqual({ epochs: 5, batchSize: 128, lr: 1e-3 });
  });

  it("accepts the same spec as JSON text and as an object, with equal results", () => {
    const fromYaml = parseSpec(DESIGN_YAML);
    expect(parseSpec(JSON.stringify(fromYaml))).toEqual(fromYaml);
    expect(parseSpec(fromYaml)).toEqual(fromYaml);
  });

  it("is idempotent: a parsed spec is a valid spec that parses to itself", () => {
    const once = parseSpec({ ...base, seeds: 4, benchmark: ["mnist-mlp", "sleep"] });
    expect(parseSpec(once)).toEqual(once);
  });
});

describe("parseSpec: defaults", () => {
  it("fills baseline gelu, seeds [0,1,2], empty overrides, grid search and no pruner", () => {
    const spec = parseSpec(base);
    expect(spec.baseline).toBe("gelu");
    expect(spec.seeds).toEqual([0, 1, 2]);
    expect(spec.overrides).toEqual({});
    expect(spec.search).toEqual({ strategy: "grid" });
    expect(spec.pruner).toEqual({ strategy: "none" });
  });

  it("turns a seed count k into [0..k-1]", () => {
    expect(parseSpec({ ...base, seeds: 5 }).seeds).toEqual([0, 1, 2, 3, 4]);
  });

  it("fills random-search seed and median-pruner settings", () => {
    const spec = parseSpec({
      ...base,
      search: { strategy: "random", samples: 2 },
      pruner: { strategy: "median" },
    });
    expect(spec.search).toEqual({ strategy: "random", samples: 2, seed: 0 });
    expect(spec.pruner).toEqual({ strategy: "median", warmupEpochs: 1, minTrials: 3 });
  });

  it("accepts a baseline given by its full activation key", () => {
    const spec = parseSpec({
      ...base,
      activations: ["relu", { name: "gem", N: [1, 2] }],
      baseline: "gem|N=2",
    });
    expect(spec.baseline).toBe("gem|N=2");
  });
});

describe("parseSpec: each bad field is named by its path", () => {
  it.each([
    [
      { ...base, activations: ["relu", "gelu", { name: "e-gem", N: 1, eps: -1 }] },
      "activations.2.eps",
    ],
    [
      { ...base, activations: ["relu", "gelu", { name: "e-gem", N: 1, eps: 0 }] },
      "activations.2.eps",
    ],
    [{ ...base, activations: ["gelu", { name: "e-gem", eps: [1, -2] }] }, "activations.1.eps.1"],
    [{ ...base, activations: ["gelu", { name: "gem", N: 0 }] }, "activations.1.N"],
    [{ ...base, activations: ["gelu", { name: "gem", N: 1.5 }] }, "activations.1.N"],
    [{ ...base, activations: ["gelu", { name: "gem", N: [1, 2.5] }] }, "activations.1.N.1"],
    [{ ...base, activations: ["gelu", { name: "se-gem", alpha: -0.1 }] }, "activations.1.alpha"],
    [{ ...base, activations: ["gelu", { name: "gem", eps: 1 }] }, "activations.1.eps"],
    [{ ...base, activations: ["gelu", { name: "relu", N: 1 }] }, "activations.1.N"],
    [{ ...base, activations: ["gelu", { name: "swish", eps: 1 }] }, "activations.1.eps"],
    [{ ...base, activations: ["gelu", { name: "e-gem", alpha: 0.1 }] }, "activations.1.alpha"],
    [
      { ...base, activations: ["gelu", { name: "se-gem", alpha: [0.1, 1] }] },
      "activations.1.alpha.1",
    ],
    [{ ...base, activations: ["gelu", { name: "elu", alpha: 1 }] }, "activations.1.alpha"],
    [{ ...base, activations: ["gelu", { name: "leaky-relu", N: 2 }] }, "activations.1.N"],
    [{ ...base, activations: ["gelu", "softplus"] }, "activations.1"],
    [{ ...base, activations: ["gelu", { name: "gem", n: 1 }] }, "activations.1.n"],
    [{ ...base, activations: ["gelu", { name: "gem", N: "two" }] }, "activations.1.N"],
    [{ ...base, activations: [] }, "activations"],
    [{ ...base, benchmark: "imagenet" }, "benchmark"],
    [{ ...base, benchmark: ["mnist-mlp", "imagenet"] }, "benchmark.1"],
    [{ ...base, benchmark: ["mnist-mlp", "mnist-mlp"] }, "benchmark.1"],
    [{ ...base, seeds: [0, 1, 1] }, "seeds.2"],
    [{ ...base, seeds: [0, -1] }, "seeds.1"],
    [{ ...base, seeds: [0, 0.5] }, "seeds.1"],
    [{ ...base, seeds: 0 }, "seeds"],
    [{ ...base, baseline: "mish" }, "baseline"],
    [{ ...base, overrides: { lr: 0 } }, "overrides.lr"],
    [{ ...base, overrides: { epochs: 1.5 } }, "overrides.epochs"],
    [{ ...base, overrides: { batch_size: 64 } }, "overrides.batch_size"],
    [{ ...base, overrides: { optimizer: "lbfgs" } }, "overrides.optimizer"],
    [{ ...base, overrides: { sleepMs: 10 } }, "overrides.sleepMs"],
    [{ ...base, benchmark: "sleep", overrides: { lr: 0.1 } }, "overrides.lr"],
    [{ ...base, search: { strategy: "random" } }, "search.samples"],
    [{ ...base, search: { strategy: "bayes" } }, "search.strategy"],
    [{ ...base, pruner: { strategy: "median", warmupEpochs: -1 } }, "pruner.warmupEpochs"],
    [{ ...base, color: "red" }, "color"],
    [{ ...base, name: "   " }, "name"],
    [{ benchmark: "mnist-mlp", activations: ["gelu"] }, "name"],
  ])("%j -> %s", (input, path) => {
    expect(paths(input)).toContain(path);
  });

  it("reports every bad field at once, not only the first", () => {
    const p = paths({
      ...base,
      activations: ["gelu", { name: "gem", eps: 1 }, { name: "e-gem", N: 0, eps: -1 }],
      overrides: { lr: -1 },
      extra: true,
    });
    expect(p).toEqual(
      expect.arrayContaining([
        "activations.1.eps",
        "activations.2.N",
        "activations.2.eps",
        "overrides.lr",
        "extra",
      ]),
    );
  });

  it("explains an ambiguous baseline and how to fix it", () => {
    const issues = issuesOf({
      ...base,
      activations: ["relu", { name: "gem", N: [1, 2] }],
      baseline: "gem",
    });
    expect(issues).toEqual([
      { path: "baseline", message: expect.stringContaining("gem|N=1, gem|N=2") },
    ]);
  });

  it("requires the default baseline gelu to be among the activations", () => {
    expect(issuesOf({ ...base, activations: ["relu"] })).toEqual([
      {
        path: "baseline",
        message: expect.stringContaining("'gelu' is not one of the activations"),
      },
    ]);
  });

  it("rejects a sweep that expands past the trial limit", () => {
    const many = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(
      paths({
        ...base,
        seeds: 1000,
        activations: ["gelu", { name: "se-gem", N: [1, 2], eps: many, alpha: many }],
      }),
    ).toContain("activations");
  });

  it("names the bad field in the error message too (CLI prints it)", () => {
    expect(() => parseSpec({ ...base, activations: ["gelu", { name: "e-gem", eps: -1 }] })).toThrow(
      /activations\.1\.eps/,
    );
  });
});

describe("parseSpec: text input and YAML safety", () => {
  it("rejects a YAML alias bomb", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
      "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]",
    ].join("\n");
    expect(issuesOf(bomb)).toEqual([{ path: "", message: expect.stringMatching(/alias/) }]);
  });

  it("still accepts a few ordinary anchors and aliases", () => {
    const text = [
      "name: anchors",
      "benchmark: mnist-mlp",
      "seeds: &s [0, 1]",
      "activations: [gelu, relu]",
      "overrides: { epochs: 1 }",
    ].join("\n");
    expect(parseSpec(text).seeds).toEqual([0, 1]);
  });

  it("rejects a document over 256 KiB before parsing it", () => {
    const big = `name: big\n# ${"x".repeat(MAX_SPEC_BYTES)}\n`;
    expect(issuesOf(big)[0]!.message).toMatch(/bytes, more than the limit/);
  });

  it("reports YAML syntax errors with a line number", () => {
    expect(issuesOf("name: x\nactivations: [gelu\n")[0]!.message).toMatch(/line \d+/);
  });

  it("rejects duplicate YAML keys", () => {
    expect(
      issuesOf("name: a\nname: b\nbenchmark: mnist-mlp\nactivations: [gelu]\n")[0]!.message,
    ).toMatch(/not valid YAML/);
  });

  it("rejects empty text, scalars, lists and null", () => {
    for (const input of ["", "   \n", "42", "- a\n- b\n", null, 7, []])
      expect(issuesOf(input).length).toBeGreaterThan(0);
  });

  it("rejects a __proto__ key instead of polluting prototypes", () => {
    expect(
      paths(
        '{"__proto__": {"polluted": 1}, "name": "x", "benchmark": "mnist-mlp", "activations": ["gelu"]}',
      ),
    ).toContain("__proto__");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("sweepSpecJsonSchema", () => {
  it("describes the input side with the top-level keys", () => {
    const schema = sweepSpecJsonSchema() as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        "name",
        "benchmark",
        "seeds",
        "baseline",
        "activations",
        "overrides",
        "search",
        "pruner",
      ]),
    );
    expect(schema.required).toEqual(expect.arrayContaining(["name", "benchmark", "activations"]));
  });
});
