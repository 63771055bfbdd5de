import { activationKey } from "@gemsweep/contracts";
import { describe, it, expect } from "vitest";
import { BENCHMARKS, baselineKeyOf, configKeyOf, describeSweep, expandConfigs, expandSpec, parseSpec, previewSpec } from "../src/index.js";

const design = parseSpec({
  name: "fashion-mlp-gem",
  benchmark: "fashion-mnist-mlp",
  seeds: [0, 1, 2],
  baseline: "gelu",
  activations: [
    "relu",
    "gelu",
    { name: "gem", N: [1, 2] },
    { name: "e-gem", N: 1, eps: [1e-4, 1e-2, 1] },
    { name: "se-gem", N: 1, eps: 1e-4 },
  ],
  overrides: { epochs: 5, batchSize: 128, lr: 1e-3 },
});

describe("expandSpec", () => {
  it("yields benchmarks x configs x seeds trials", () => {
    // 2 baselines + 2 gem + 3 e-gem + 1 se-gem = 8 configs, 3 seeds
    expect(expandSpec(design)).toHaveLength(24);
    const two = parseSpec({ ...design, benchmark: ["fashion-mnist-mlp", "mnist-mlp"], seeds: 2 });
    expect(expandSpec(two)).toHaveLength(2 * 8 * 2);
  });

  it("produces canonical config keys in spec order, with defaults filled", () => {
    expect(expandConfigs(design).map((c) => c.configKey)).toEqual([
      "fashion-mnist-mlp|relu",
      "fashion-mnist-mlp|gelu",
      "fashion-mnist-mlp|gem|N=1",
      "fashion-mnist-mlp|gem|N=2",
      "fashion-mnist-mlp|e-gem|N=1|eps=0.0001",
      "fashion-mnist-mlp|e-gem|N=1|eps=0.01",
      "fashion-mnist-mlp|e-gem|N=1|eps=1",
      "fashion-mnist-mlp|se-gem|N=1|eps=0.0001|alpha=0.01",
    ]);
    const se = expandConfigs(design).at(-1)!;
    expect(se.activation).toEqual({ name: "se-gem", N: 1, eps: 1e-4, alpha: 0.01 });
    expect(se.activationKey).toBe("se-gem|N=1|eps=0.0001|alpha=0.01");
  });

  it("is deterministic and its config keys do not depend on the spelling of numbers", () => {
    const a = expandSpec(design);
    const b = expandSpec(parseSpec(JSON.parse(JSON.stringify(design).replace("0.0001", "1e-4"))));
    expect(b).toEqual(a);
    expect(activationKey({ name: "e-gem", N: 1, eps: 1e-2 })).toBe(
      activationKey({ name: "e-gem", N: 1, eps: 0.01 }),
    );
  });

  it("pins the config key format (stored in the database: changing it orphans old rows)", () => {
    expect(
      configKeyOf("fashion-mnist-mlp", activationKey({ name: "e-gem", N: 1, eps: 0.01 })),
    ).toBe("fashion-mnist-mlp|e-gem|N=1|eps=0.01");
    expect(activationKey({ name: "gem" })).toBe("gem|N=1");
    expect(activationKey({ name: "e-gem" })).toBe("e-gem|N=1|eps=1");
    expect(activationKey({ name: "gelu-tanh" })).toBe("gelu-tanh");
    expect(activationKey({ name: "leaky-relu" })).toBe("leaky-relu|alpha=0.01");
  });

  it("dedupes equal configs so every (config, seed) exists once", () => {
    const spec = parseSpec({
      name: "dup",
      benchmark: "mnist-mlp",
      seeds: 2,
      activations: [
        "gelu",
        "gelu",
        { name: "gem" },
        { name: "gem", N: 1 },
        { name: "gem", N: [1, 1, 2] },
        { name: "e-gem", eps: [0.01, 1e-2] },
      ],
    });
    const trials = expandSpec(spec);
    const keys = trials.map((t) => `${t.configKey}#${t.seed}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(expandConfigs(spec).map((c) => c.activationKey)).toEqual([
      "gelu",
      "gem|N=1",
      "gem|N=2",
      "e-gem|N=1|eps=0.01",
    ]);
  });

  it("merges benchmark defaults with the overrides", () => {
    const spec = parseSpec({
      name: "h",
      benchmark: ["cifar10-resnet56", "fashion-mnist-mlp"],
      activations: ["gelu"],
      overrides: { epochs: 3, trainLimit: 512 },
    });
    const [resnet, mlp] = expandConfigs(spec);
    // The recipe's milestones keep their share of training (50% and 75%) when only epochs changes.
    expect(resnet!.hyper).toEqual({
      ...BENCHMARKS["cifar10-resnet56"].defaults,
      epochs: 3,
      trainLimit: 512,
      milestones: [1.5, 2.25],
    });
    expect(resnet!.hyper).toMatchObject({
      optimizer: "momentum",
      momentum: 0.9,
      lr: 0.1,
      weightDecay: 1e-4,
      batchSize: 128,
      schedule: "multistep",
      gamma: 0.1,
    });
    expect(mlp!.hyper).toEqual({
      epochs: 3,
      batchSize: 128,
      lr: 1e-3,
      optimizer: "adam",
      trainLimit: 512,
      valFraction: 0.1,
    });
  });

  it("gives each trial its own copies (mutating one does not leak into another)", () => {
    const trials = expandSpec(design);
    trials[0]!.hyper.epochs = 99;
    trials[0]!.activation.name = "mish";
    expect(trials[1]!.hyper.epochs).toBe(5);
    expect(trials[1]!.activation.name).toBe("relu");
  });

  it("resolves the baseline to its activation key", () => {
    expect(baselineKeyOf(design)).toBe("gelu");
    expect(
      baselineKeyOf(
        parseSpec({
          name: "b",
          benchmark: "mnist-mlp",
          activations: ["relu", { name: "gem", N: [1, 2] }],
          baseline: "gem|N=2",
        }),
      ),
    ).toBe("gem|N=2");
  });
});

describe("describeSweep / previewSpec", () => {
  it("counts trials, configs and the table shape", () => {
    const two = parseSpec({ ...design, benchmark: ["fashion-mnist-mlp", "mnist-mlp"] });
    expect(describeSweep(two)).toMatchObject({
      trials: 48,
      configs: 16,
      gridTrials: 48,
      benchmarks: 2,
      seeds: 3,
      baselineKey: "gelu",
      tableShape: { rows: 8, cols: 2 },
      stages: { tune: null, compare: { trials: 48, perConfig: 3, seeds: [0, 1, 2] } },
      swept: [],
    });
  });

  it("counts only the sampled configs under random search (baseline always kept)", () => {
    const s = describeSweep(
      parseSpec({ ...design, search: { strategy: "random", samples: 3, seed: 7 } }),
    );
    expect(s.tableShape).toEqual({ rows: 4, cols: 1 });
    expect(s.trials).toBe(4 * 3);
    expect(s.gridTrials).toBe(24);
  });

  it("returns errors instead of throwing for an invalid spec", () => {
    const p = previewSpec(
      "name: x\nbenchmark: mnist-mlp\nactivations: [gelu, {name: gem, eps: 2}]\n",
    );
    expect(p).toEqual({
      ok: false,
      errors: [{ path: "activations.1.eps", message: expect.any(String) }],
    });
    const ok = previewSpec(design);
    expect(ok.ok && ok.summary.trials).toBe(24);
  });
});
