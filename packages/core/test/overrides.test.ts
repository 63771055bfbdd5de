import { describe, expect, it } from "vitest";
import { GemSweepError } from "@gemsweep/contracts";
import { expandConfigs, expandSpec, formatHyperValue, parseSpec, planSweep, RandomSampler, type TunedDimension } from "../src/index.js";

// Any hyperparameter can be swept: a list is a grid axis (table rows), { min, max, log } a range
// (sampled by the tuning stage), and overrides may be given per benchmark.

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseSpec(input);
  } catch (error) {
    if (error instanceof GemSweepError) return error.issues;
    throw error;
  }
  throw new Error("the spec parsed");
}

const base = { name: "axes", benchmark: "fashion-mnist-mlp", seeds: [0, 1], activations: ["gelu", { name: "e-gem", eps: 0.01 }] };

describe("a list under overrides is a grid axis", () => {
  it("multiplies the rows: activation config x swept values, each in the config key and the label", () => {
    const spec = parseSpec({ ...base, overrides: { epochs: 2, lr: [1e-3, 3e-3] } });
    const configs = expandConfigs(spec);
    expect(configs.map((c) => c.configKey)).toEqual([
      "fashion-mnist-mlp|gelu|lr=0.001",
      "fashion-mnist-mlp|gelu|lr=0.003",
      "fashion-mnist-mlp|e-gem|N=1|eps=0.01|lr=0.001",
      "fashion-mnist-mlp|e-gem|N=1|eps=0.01|lr=0.003",
    ]);
    expect(configs.map((c) => c.hyper.lr)).toEqual([1e-3, 3e-3, 1e-3, 3e-3]);
    expect(configs[3]!.values).toEqual({ lr: 3e-3 });
    expect(expandSpec(spec)).toHaveLength(4 * 2);
    const { plan } = planSweep(spec);
    expect(plan.rows.map((r) => r.label)).toEqual(["GELU, lr=1e-3", "GELU, lr=3e-3", "E-GEM (N=1, ε=0.01), lr=1e-3", "E-GEM (N=1, ε=0.01), lr=3e-3"]);
    expect(plan.rows[3]!.swept).toEqual({ lr: 3e-3 });
    expect(plan.swept).toEqual(["lr"]);
    expect(plan.pivots).toContainEqual({ by: "lr", family: "e-gem", values: [1e-3, 3e-3] });
  });

  it("crosses several axes in the canonical hyperparameter order, the last fastest, whatever the spec's order", () => {
    const a = expandConfigs(parseSpec({ ...base, activations: ["gelu"], overrides: { weightDecay: [0, 1e-4], batchSize: [64, 128] } }));
    expect(a.map((c) => c.rowKey)).toEqual([
      "gelu|batchSize=64|weightDecay=0",
      "gelu|batchSize=64|weightDecay=0.0001",
      "gelu|batchSize=128|weightDecay=0",
      "gelu|batchSize=128|weightDecay=0.0001",
    ]);
  });

  it("takes a list of names (optimizer) as an axis too, and keeps integers integers", () => {
    const c = expandConfigs(parseSpec({ ...base, activations: ["gelu"], overrides: { optimizer: ["adam", "sgd"], batchSize: [32] } }));
    expect(c.map((x) => [x.hyper.optimizer, x.hyper.batchSize])).toEqual([["adam", 32], ["sgd", 32]]);
  });

  it("names a bad value inside an axis by its index, and refuses duplicates and empty axes", () => {
    expect(issuesOf({ ...base, overrides: { lr: [1e-3, -1] } })).toEqual([{ path: "overrides.lr.1", message: expect.stringMatching(/>0|0/) }]);
    expect(issuesOf({ ...base, overrides: { lr: [1e-3, 0.001] } })[0]).toMatchObject({ path: "overrides.lr.1", message: expect.stringContaining("duplicate") });
    expect(issuesOf({ ...base, overrides: { batchSize: [] } })[0]!.path).toBe("overrides.batchSize");
    expect(issuesOf({ ...base, overrides: { batchSize: [32.5] } })[0]!.path).toBe("overrides.batchSize.0");
  });

  it("is idempotent: a parsed spec with axes, ranges and blocks parses to itself", () => {
    const spec = parseSpec({
      ...base,
      overrides: { epochs: 3, lr: { min: 1e-4, max: 1e-2, log: true }, batchSize: [64, 128], "fashion-mnist-mlp": { weightDecay: [0, 1e-4] } },
      tune: { over: ["lr", "weightDecay"], budget: 4, scheduler: "asha" },
    });
    expect(parseSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });
});

describe("{ min, max, log } is a range, for the tuning stage", () => {
  it("fills log: false, and refuses min >= max, a log range from 0 and a range of names", () => {
    const spec = parseSpec({ ...base, overrides: { lr: { min: 1e-4, max: 1e-2 } }, tune: { over: ["lr"], budget: 3 } });
    expect(spec.overrides.lr).toEqual({ min: 1e-4, max: 1e-2, log: false });
    expect(issuesOf({ ...base, overrides: { lr: { min: 1e-2, max: 1e-4 } }, tune: { over: ["lr"], budget: 3 } })[0]).toMatchObject({ path: "overrides.lr.max" });
    expect(issuesOf({ ...base, overrides: { weightDecay: { min: 0, max: 1e-2, log: true } }, tune: { over: ["weightDecay"], budget: 3 } })[0]).toMatchObject({
      path: "overrides.weightDecay.min",
      message: "a log range needs min > 0",
    });
    expect(issuesOf({ ...base, overrides: { optimizer: { min: 1, max: 2 } } })[0]!.path).toBe("overrides.optimizer");
  });

  it("is refused outside tune.over, with what to do", () => {
    expect(issuesOf({ ...base, overrides: { lr: { min: 1e-4, max: 1e-2, log: true } } })).toEqual([
      { path: "overrides.lr", message: "a range is sampled by the tuning stage: add lr to tune.over, or give a list (a grid axis)" },
    ]);
  });

  it("is sampled deterministically per seed, inside its bounds, log-uniformly, integers staying integers", () => {
    const dims: TunedDimension[] = [
      { key: "lr", kind: "range", range: { min: 1e-4, max: 1e-1, log: true }, int: false },
      { key: "batchSize", kind: "range", range: { min: 16, max: 256, log: true }, int: true },
      { key: "optimizer", kind: "axis", values: ["adam", "sgd"] },
    ];
    const a = new RandomSampler(7).settings(dims, 400);
    expect(new RandomSampler(7).settings(dims, 400)).toEqual(a);
    expect(new RandomSampler(8).settings(dims, 400)).not.toEqual(a);
    for (const s of a) {
      expect(s.lr).toBeGreaterThanOrEqual(1e-4);
      expect(s.lr).toBeLessThanOrEqual(1e-1);
      expect(Number.isInteger(s.batchSize)).toBe(true);
      expect(s.batchSize).toBeGreaterThanOrEqual(16);
      expect(s.batchSize).toBeLessThanOrEqual(256);
    }
    // log-uniform: each of the three decades holds about a third of the draws
    const decades = [0, 0, 0];
    for (const s of a) decades[Math.min(2, Math.floor(Math.log10((s.lr as number) / 1e-4)))]!++;
    for (const d of decades) expect(d).toBeGreaterThan(400 / 3 - 45);
    expect(new Set(a.map((s) => s.optimizer))).toEqual(new Set(["adam", "sgd"]));
  });

  it("draws a grid's settings without replacement when every tuned hyperparameter is a list", () => {
    const dims: TunedDimension[] = [{ key: "lr", kind: "axis", values: [1, 2, 3, 4, 5] }];
    const s = new RandomSampler(3).settings(dims, 5).map((x) => x.lr);
    expect([...s].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(() => new RandomSampler(3).settings(dims, 6)).toThrow(/6 settings asked of a grid of 5/);
  });
});

describe("overrides per benchmark", () => {
  const two = { ...base, benchmark: ["fashion-mnist-mlp", "mnist-mlp"] };

  it("apply to their benchmark only, and win over the flat ones", () => {
    const spec = parseSpec({ ...two, overrides: { epochs: 3, lr: 1e-3, "mnist-mlp": { lr: [1e-2, 3e-2], batchSize: 64 } } });
    const configs = expandConfigs(spec).filter((c) => c.activationKey === "gelu");
    expect(configs.map((c) => [c.configKey, c.hyper.lr, c.hyper.batchSize, c.hyper.epochs])).toEqual([
      ["fashion-mnist-mlp|gelu", 1e-3, 128, 3],
      ["mnist-mlp|gelu|lr=0.01", 1e-2, 64, 3],
      ["mnist-mlp|gelu|lr=0.03", 3e-2, 64, 3],
    ]);
    const { plan } = planSweep(spec);
    expect(plan.rows.map((r) => r.key)).toEqual([
      "gelu",
      "e-gem|N=1|eps=0.01",
      "gelu|lr=0.01",
      "gelu|lr=0.03",
      "e-gem|N=1|eps=0.01|lr=0.01",
      "e-gem|N=1|eps=0.01|lr=0.03",
    ]);
  });

  it("may replace the flat form entirely", () => {
    const spec = parseSpec({ ...two, overrides: { "fashion-mnist-mlp": { lr: 2e-3 }, "mnist-mlp": { lr: 5e-3 } } });
    expect(expandConfigs(spec).map((c) => c.hyper.lr)).toEqual([2e-3, 2e-3, 5e-3, 5e-3]);
  });

  it("name the benchmark in the path of a bad value, and refuse a block for a benchmark the sweep does not run", () => {
    expect(issuesOf({ ...two, overrides: { "mnist-mlp": { lr: -1 } } })[0]!.path).toBe("overrides.mnist-mlp.lr");
    expect(issuesOf({ ...two, overrides: { "mnist-mlp": { sleepMs: 3 } } })).toEqual([
      { path: "overrides.mnist-mlp.sleepMs", message: expect.stringContaining("sleepMs is not a hyperparameter of mnist-mlp") },
    ]);
    expect(issuesOf({ ...two, overrides: { "cifar10-resnet20": { lr: 0.1 } } })).toEqual([
      { path: "overrides.cifar10-resnet20", message: expect.stringContaining("not a benchmark of this sweep") },
    ]);
    expect(issuesOf({ ...two, overrides: { "no-such-thing": { lr: 0.1 } } })[0]).toEqual({ path: "overrides.no-such-thing", message: "unknown key 'no-such-thing'" });
  });
});

describe("the recipes' cross-field rules on swept values", () => {
  it("name the axis value, or the range bound, that breaks a rule", () => {
    const resnet = { name: "rules", benchmark: "cifar10-resnet20", seeds: 1, activations: ["gelu"] };
    // a list-valued hyperparameter's axis is a list of lists
    const spec = parseSpec({ ...resnet, overrides: { epochs: 10, milestones: [[4, 8], [5, 7]] } });
    expect(expandConfigs(spec).map((c) => c.hyper.milestones)).toEqual([[4, 8], [5, 7]]);
    expect(issuesOf({ ...resnet, overrides: { epochs: 10, milestones: [[4, 8], [5, 12]] } })).toEqual([
      { path: "overrides.milestones.1.1", message: "milestone 12 must be below epochs (10)" },
    ]);
    expect(issuesOf({ ...resnet, overrides: { milestones: [-1] } })[0]!.path).toBe("overrides.milestones.0");
    // gpt2-124m's recipe has minLr 6e-5: an lr below it breaks the rule, named at the lr that did
    const gpt = { name: "rules", benchmark: "gpt2-124m", seeds: 1, activations: ["gelu"] };
    expect(issuesOf({ ...gpt, overrides: { lr: [1e-3, 1e-5] } })).toEqual([
      { path: "overrides.lr.1", message: expect.stringMatching(/minLr \(0\.00006\) must be below lr \(0\.00001\).*gpt2-124m's recipe default/) },
    ]);
    expect(issuesOf({ ...gpt, overrides: { lr: { min: 1e-5, max: 1e-3, log: true } }, tune: { over: ["lr"], budget: 4 } })[0]!.path).toBe("overrides.lr.min");
  });
});

describe("formatHyperValue", () => {
  it("prints small and large numbers in exponent form, others as written", () => {
    expect([3e-3, 1e-4, 1.5e-3, 0.01, 0.1, 128, 1e6, 0, "adam"].map((v) => formatHyperValue(v))).toEqual([
      "3e-3",
      "1e-4",
      "1.5e-3",
      "0.01",
      "0.1",
      "128",
      "1e6",
      "0",
      "adam",
    ]);
  });
});
