import { describe, it, expect } from "vitest";
import { GridSearchStrategy, MedianStoppingPruner, NoopPruner, RandomSearchStrategy, createPruner, createSearchStrategy, expandSpec, parseSpec, planTrials, searchSpaceOf, type TrialSnapshot } from "../src/index.js";

const spec = parseSpec({
  name: "search",
  benchmark: ["mnist-mlp", "lm-tiny"],
  seeds: [0, 1],
  activations: [
    "gelu",
    "relu",
    { name: "gem", N: [1, 2, 3] },
    { name: "e-gem", N: 1, eps: [1e-4, 1e-2, 1, 10] },
  ],
});
const space = searchSpaceOf(spec);

function snap(
  t: { configKey: string; benchmark: string; seed: number },
  status: TrialSnapshot["status"] = "QUEUED",
): TrialSnapshot {
  return { configKey: t.configKey, benchmark: t.benchmark, seed: t.seed, status };
}

describe("GridSearchStrategy", () => {
  it("suggests the whole grid, in expansion order, when nothing exists", () => {
    expect(new GridSearchStrategy().suggest(space, [])).toEqual(expandSpec(spec));
  });

  it("never suggests a trial that exists (resume is idempotent)", () => {
    const all = expandSpec(spec);
    const existing = all.slice(0, 10).map((t) => snap(t, "COMPLETED"));
    const next = new GridSearchStrategy().suggest(space, existing);
    expect(next).toEqual(all.slice(10));
    expect(
      new GridSearchStrategy().suggest(
        space,
        all.map((t) => snap(t)),
      ),
    ).toEqual([]);
  });
});

describe("RandomSearchStrategy", () => {
  const rows = (trials: { activationKey: string }[]) => [
    ...new Set(trials.map((t) => t.activationKey)),
  ];

  it("samples `samples` configs plus the baseline, on every benchmark and seed", () => {
    const picked = new RandomSearchStrategy({ samples: 3, seed: 1 }).suggest(space, []);
    const keys = rows(picked);
    expect(keys).toHaveLength(4);
    expect(keys).toContain("gelu");
    expect(picked).toHaveLength(4 * 2 * 2);
    for (const k of keys) expect(picked.filter((t) => t.activationKey === k)).toHaveLength(4);
  });

  it("is deterministic for a seed and varies across seeds", () => {
    const a = rows(new RandomSearchStrategy({ samples: 3, seed: 42 }).suggest(space, []));
    expect(rows(new RandomSearchStrategy({ samples: 3, seed: 42 }).suggest(space, []))).toEqual(a);
    const distinct = new Set(
      Array.from({ length: 20 }, (_, s) =>
        rows(new RandomSearchStrategy({ samples: 3, seed: s }).suggest(space, [])).join(","),
      ),
    );
    expect(distinct.size).toBeGreaterThan(3);
  });

  it("keeps grid order among the sampled rows", () => {
    const order = space.configs
      .filter((c) => c.benchmark === "mnist-mlp")
      .map((c) => c.activationKey);
    const keys = rows(new RandomSearchStrategy({ samples: 4, seed: 9 }).suggest(space, []));
    expect([...keys].sort((x, y) => order.indexOf(x) - order.indexOf(y))).toEqual(keys);
  });

  it("takes the whole grid when samples exceed it", () => {
    expect(new RandomSearchStrategy({ samples: 100 }).suggest(space, [])).toHaveLength(
      expandSpec(spec).length,
    );
  });

  it("samples every config about equally often over many seeds", () => {
    const counts = new Map<string, number>();
    for (let s = 0; s < 900; s++) {
      for (const k of new RandomSearchStrategy({ samples: 1, seed: s }).selectedKeys(space))
        counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.get("gelu")).toBe(900);
    const others = [...counts.entries()].filter(([k]) => k !== "gelu").map(([, n]) => n);
    expect(others).toHaveLength(8); // relu, 3 gem, 4 e-gem
    for (const n of others) expect(n).toBeGreaterThan(60); // expected 112.5 each
  });

  it("rejects a non-positive sample count", () => {
    expect(() => new RandomSearchStrategy({ samples: 0 })).toThrow(RangeError);
  });

  it("is what a spec's `search` selects", () => {
    const s = parseSpec({ ...spec, search: { strategy: "random", samples: 2, seed: 5 } });
    expect(createSearchStrategy(s.search)).toBeInstanceOf(RandomSearchStrategy);
    expect(planTrials(s)).toEqual(
      new RandomSearchStrategy({ samples: 2, seed: 5 }).suggest(searchSpaceOf(s), []),
    );
    expect(createSearchStrategy(spec.search)).toBeInstanceOf(GridSearchStrategy);
  });
});

describe("MedianStoppingPruner", () => {
  const curve = (...metrics: number[]) => metrics.map((metric, i) => ({ epoch: i + 1, metric }));
  const done = (seed: number, metrics: number[], benchmark = "mnist-mlp"): TrialSnapshot => ({
    configKey: `${benchmark}|relu`,
    benchmark,
    seed,
    status: "COMPLETED",
    curve: curve(...metrics),
  });
  // completed accuracies at epoch 2: 0.80, 0.84, 0.90 -> median 0.84
  const completed = [
    done(0, [0.7, 0.8, 0.85]),
    done(1, [0.75, 0.84, 0.88]),
    done(2, [0.8, 0.9, 0.92]),
  ];
  const running = (metrics: number[], benchmark = "mnist-mlp"): TrialSnapshot => ({
    configKey: `${benchmark}|gem|N=3`,
    benchmark,
    seed: 0,
    status: "RUNNING",
    curve: curve(...metrics),
  });
  const pruner = new MedianStoppingPruner({ warmupEpochs: 1, minTrials: 3 });

  it("prunes a trial whose best so far is worse than the median at its epoch", () => {
    const d = pruner.shouldPrune(running([0.6, 0.7]), completed, "max");
    expect(d.prune).toBe(true);
    expect(d.reason).toMatch(/median 0.84/);
  });

  it("keeps a trial whose best so far (not last value) beats the median", () => {
    expect(pruner.shouldPrune(running([0.85, 0.5]), completed, "max").prune).toBe(false);
    expect(pruner.shouldPrune(running([0.6, 0.84]), completed, "max").prune).toBe(false); // equal is not worse
  });

  it("respects the direction: lower is better for perplexity", () => {
    const ppl = [
      done(0, [30, 20], "lm-tiny"),
      done(1, [28, 22], "lm-tiny"),
      done(2, [26, 24], "lm-tiny"),
    ]; // median at 2: 22
    expect(pruner.shouldPrune(running([40, 25], "lm-tiny"), ppl, "min").prune).toBe(true);
    expect(pruner.shouldPrune(running([40, 21], "lm-tiny"), ppl, "min").prune).toBe(false);
    expect(pruner.shouldPrune(running([21, 40], "lm-tiny"), ppl, "min").prune).toBe(false);
  });

  it("does not prune during warmup", () => {
    expect(pruner.shouldPrune(running([0.1]), completed, "max").prune).toBe(false);
    expect(
      new MedianStoppingPruner({ warmupEpochs: 2, minTrials: 3 }).shouldPrune(
        running([0.1, 0.1]),
        completed,
        "max",
      ).prune,
    ).toBe(false);
    expect(
      new MedianStoppingPruner({ warmupEpochs: 2, minTrials: 3 }).shouldPrune(
        running([0.1, 0.1, 0.1]),
        completed,
        "max",
      ).prune,
    ).toBe(true);
  });

  it("waits for enough completed trials of the same benchmark at that epoch", () => {
    expect(pruner.shouldPrune(running([0.1, 0.1]), completed.slice(0, 2), "max").prune).toBe(false);
    const otherBench = completed.map((t) => ({ ...t, benchmark: "fashion-mnist-mlp" }));
    expect(pruner.shouldPrune(running([0.1, 0.1]), otherBench, "max").prune).toBe(false);
    const notDone = completed.map((t) => ({ ...t, status: "RUNNING" as const }));
    expect(pruner.shouldPrune(running([0.1, 0.1]), notDone, "max").prune).toBe(false);
    // completed trials that never reached epoch 4 do not count at epoch 4
    expect(pruner.shouldPrune(running([0.1, 0.1, 0.1, 0.1]), completed, "max").prune).toBe(false);
  });

  it("prunes a diverged trial (no finite metric) once others can be compared", () => {
    expect(pruner.shouldPrune(running([Number.NaN, Number.NaN]), completed, "max").prune).toBe(
      true,
    );
  });

  it("does not mutate its inputs", () => {
    const frozen = Object.freeze(
      completed.map((t) => Object.freeze({ ...t, curve: Object.freeze([...t.curve!]) })),
    );
    expect(() => pruner.shouldPrune(running([0.6, 0.7]), frozen, "max")).not.toThrow();
  });
});

describe("pruner selection", () => {
  it("maps the spec's pruner to an implementation", () => {
    expect(createPruner({ strategy: "none" })).toBeInstanceOf(NoopPruner);
    expect(new NoopPruner().shouldPrune().prune).toBe(false);
    const median = createPruner(
      parseSpec({ ...spec, pruner: { strategy: "median", warmupEpochs: 2, minTrials: 5 } }).pruner,
    );
    expect(median).toBeInstanceOf(MedianStoppingPruner);
    expect(median).toMatchObject({ warmupEpochs: 2, minTrials: 5 });
  });
});
