import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { GemSweepError } from "@gemsweep/contracts";
import {
  buildComparisonTable,
  chooseTunedSetting,
  describeSweep,
  dryRunText,
  measuredThroughput,
  parseSpec,
  planSweep,
  readPlan,
  successiveHalvingEpochs,
  syntheticAccuracy,
  tableOptionsOf,
  tableToCsv,
  tableToMarkdown,
  type TableTrialRow,
} from "../src/index.js";

// The two-stage protocol in one spec: stage 1 tunes each config on validation, stage 2 runs
// the chosen setting of each config on the comparison seeds, paired across configs.

const SPEC = {
  name: "protocol",
  benchmark: "synthetic",
  baseline: "gelu",
  activations: ["gelu", { name: "e-gem", eps: 1 }],
  overrides: { epochs: 9, lr: [1e-2, 1e-3, 5e-5, 3e-2, 1e-1, 2e-5, 3e-3] },
  tune: { over: ["lr"], seeds: 1, metric: "validation", scheduler: "asha" },
  compare: { seeds: 3, metric: "test" },
};

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseSpec(input);
  } catch (error) {
    if (error instanceof GemSweepError) return error.issues;
    throw error;
  }
  throw new Error("the spec parsed");
}

describe("a tune-then-compare spec", () => {
  const spec = parseSpec(SPEC);
  const { plan, trials } = planSweep(spec);

  it("normalizes the scheduler by name and the comparison's seeds into both places", () => {
    expect(spec.tune).toEqual({ over: ["lr"], seeds: [0], metric: "validation", seed: 0, scheduler: { strategy: "asha", reductionFactor: 3, minResource: 1, brackets: 1 } });
    expect(spec.seeds).toEqual([0, 1, 2]);
    expect(spec.compare).toEqual({ seeds: [0, 1, 2], metric: "test" });
  });

  it("plans each config's tuning settings (queued) and its comparison seeds (waiting), config by config", () => {
    expect(trials).toHaveLength(2 * (7 + 3));
    const gelu = trials.filter((t) => t.groupKey === "synthetic|gelu");
    expect(gelu.map((t) => [t.stage, t.configKey, t.sample, t.seed, t.status, t.hyper.lr])).toEqual([
      ["TUNE", "synthetic|gelu#tune=0", 0, 0, "QUEUED", 1e-2],
      ["TUNE", "synthetic|gelu#tune=1", 1, 0, "QUEUED", 1e-3],
      ["TUNE", "synthetic|gelu#tune=2", 2, 0, "QUEUED", 5e-5],
      ["TUNE", "synthetic|gelu#tune=3", 3, 0, "QUEUED", 3e-2],
      ["TUNE", "synthetic|gelu#tune=4", 4, 0, "QUEUED", 1e-1],
      ["TUNE", "synthetic|gelu#tune=5", 5, 0, "QUEUED", 2e-5],
      ["TUNE", "synthetic|gelu#tune=6", 6, 0, "QUEUED", 3e-3],
      ["COMPARE", "synthetic|gelu", null, 0, "WAITING", 1e-3],
      ["COMPARE", "synthetic|gelu", null, 1, "WAITING", 1e-3],
      ["COMPARE", "synthetic|gelu", null, 2, "WAITING", 1e-3],
    ]);
    expect(gelu[1]!.setting).toEqual({ lr: 1e-3 });
  });

  it("pairs stage 2: every config runs the same comparison seeds", () => {
    const seedsOf = (group: string) => trials.filter((t) => t.stage === "COMPARE" && t.groupKey === group).map((t) => t.seed);
    expect(seedsOf("synthetic|gelu")).toEqual([0, 1, 2]);
    expect(seedsOf("synthetic|e-gem|N=1|eps=1")).toEqual(seedsOf("synthetic|gelu"));
  });

  it("stores the tuning stage in the plan; the table's rows are the configs, not the tuned values", () => {
    expect(plan.version).toBe(2);
    expect(plan.rows.map((r) => [r.key, r.label])).toEqual([
      ["gelu", "GELU"],
      ["e-gem|N=1|eps=1", "E-GEM (N=1, ε=1)"],
    ]);
    expect(plan.swept).toEqual([]);
    expect(plan.configs.map((c) => c.tuned)).toEqual([["lr"], ["lr"]]);
    expect(plan.tuning).toEqual({
      over: ["lr"],
      metric: "validation",
      sampler: "grid",
      seed: 0,
      settings: { synthetic: 7 },
      seeds: [0],
      scheduler: { strategy: "asha", reductionFactor: 3, minResource: 1, brackets: 1 },
      trials: 14,
    });
    expect(plan.pruner).toEqual({ strategy: "none" });
    expect(readPlan(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
  });

  it("counts the trials of each stage for the preview and the dry run", () => {
    const summary = describeSweep(spec);
    expect(summary.stages.tune).toMatchObject({ trials: 14, perConfig: 7, settings: 7, seeds: [0], scheduler: "asha", over: ["lr"] });
    expect(summary.stages.compare).toEqual({ trials: 6, perConfig: 3, seeds: [0, 1, 2] });
    expect(summary.trials).toBe(20);
    const text = dryRunText(spec, summary);
    expect(text).toContain("stage 1 (tune on validation): 2 configs x 7 settings x 1 seed = 14 trials");
    expect(text).toContain("stage 2 (compare on test): 2 configs x 3 seeds [0, 1, 2] = 6 trials");
    expect(text).toContain("synthetic: activations {gelu, e-gem|N=1|eps=1}; tuned: lr in {0.01, 1e-3, 5e-5, 0.03, 0.1, 2e-5, 3e-3}; ASHA rungs at epochs 1, 3 of 9");
  });

  it("samples `budget` settings with the random sampler, the same for every config of a benchmark", () => {
    const random = planSweep(parseSpec({ ...SPEC, overrides: { epochs: 9, lr: { min: 1e-5, max: 1e-1, log: true } }, tune: { over: ["lr"], budget: 5, seed: 11 } })).trials;
    const lrsOf = (group: string) => random.filter((t) => t.stage === "TUNE" && t.groupKey === group).map((t) => t.hyper.lr);
    expect(lrsOf("synthetic|gelu")).toHaveLength(5);
    expect(lrsOf("synthetic|e-gem|N=1|eps=1")).toEqual(lrsOf("synthetic|gelu"));
    for (const lr of lrsOf("synthetic|gelu")) expect(lr).toBeGreaterThanOrEqual(1e-5);
  });
});

describe("tune and compare: each bad field by its path", () => {
  it("tune.over must name swept hyperparameters", () => {
    expect(issuesOf({ ...SPEC, overrides: { epochs: 9, lr: 1e-3 } })).toEqual([
      { path: "tune.over.0", message: "lr is not swept for synthetic: give overrides.lr as a list (a grid axis) or { min, max, log? } (a range)" },
    ]);
    expect(issuesOf({ ...SPEC, tune: { over: ["nope"] } })[0]!.path).toBe("tune.over.0");
  });

  it("tune.budget is required for a range and may not exceed a grid", () => {
    expect(issuesOf({ ...SPEC, overrides: { epochs: 9, lr: { min: 1e-4, max: 1e-2, log: true } } })).toEqual([
      { path: "tune.budget", message: "required when a tuned hyperparameter is a range (lr of synthetic): how many settings each config samples" },
    ]);
    expect(issuesOf({ ...SPEC, tune: { ...SPEC.tune, budget: 16 } })[0]).toMatchObject({ path: "tune.budget", message: expect.stringContaining("more than the 7 settings") });
    expect(issuesOf({ ...SPEC, tune: { ...SPEC.tune, budget: 0 } })[0]!.path).toBe("tune.budget");
  });

  it("tune.metric is validation only; compare.metric test only", () => {
    expect(issuesOf({ ...SPEC, tune: { ...SPEC.tune, metric: "test" } })[0]).toMatchObject({ path: "tune.metric", message: expect.stringContaining("leak") });
    expect(issuesOf({ ...SPEC, compare: { seeds: 3, metric: "validation" } })[0]!.path).toBe("compare.metric");
  });

  it("ASHA needs a rung below the epochs", () => {
    expect(issuesOf({ ...SPEC, overrides: { ...SPEC.overrides, epochs: 1 } })[0]).toMatchObject({ path: "tune.scheduler.minResource" });
    expect(issuesOf({ ...SPEC, tune: { ...SPEC.tune, scheduler: { strategy: "asha", maxResource: 20 } } })[0]).toMatchObject({ path: "tune.scheduler.maxResource" });
  });

  it("one scheduler per stage, compare only with tune, the comparison's seeds given once", () => {
    expect(issuesOf({ ...SPEC, pruner: { strategy: "median" } })[0]!.path).toBe("pruner");
    const { tune: _tune, ...noTune } = SPEC;
    expect(issuesOf({ ...noTune, overrides: { epochs: 9 } })[0]!.path).toBe("compare");
    expect(issuesOf({ ...SPEC, seeds: [7] })[0]!.path).toBe("compare.seeds");
    expect(parseSpec({ ...SPEC, seeds: [0, 1, 2] }).seeds).toEqual([0, 1, 2]);
  });
});

describe("chooseTunedSetting", () => {
  const curve = (...metrics: number[]) => metrics.map((metric, i) => ({ epoch: i + 1, metric }));
  const trial = (sample: number, status: "COMPLETED" | "PRUNED" | "DIVERGED", metrics: number[], seed = 0) => ({
    id: `${sample}-${seed}`,
    sample,
    seed,
    status,
    values: { lr: [1e-2, 1e-3, 3e-3][sample]! },
    curve: curve(...metrics),
  });

  it("takes the completed setting with the best validation metric at the last epoch, over seeds", () => {
    const choice = chooseTunedSetting(
      [trial(0, "COMPLETED", [0.5, 0.8]), trial(1, "COMPLETED", [0.5, 0.85]), trial(1, "COMPLETED", [0.5, 0.83], 1), trial(2, "PRUNED", [0.9])],
      "max",
    );
    expect(choice).toMatchObject({ values: { lr: 1e-3 }, sample: 1, trials: 4, completed: 3 });
    expect(choice.score).toBeCloseTo(0.84, 12);
  });

  it("prefers the lower metric when lower is better, and the lower setting number on a tie", () => {
    expect(chooseTunedSetting([trial(0, "COMPLETED", [3]), trial(1, "COMPLETED", [2]), trial(2, "COMPLETED", [2])], "min").sample).toBe(1);
  });

  it("falls back to the setting that got furthest, and names none when nothing is finite", () => {
    expect(chooseTunedSetting([trial(0, "PRUNED", [0.9]), trial(1, "PRUNED", [0.5, 0.6])], "max")).toMatchObject({ sample: 1, reason: expect.stringContaining("no setting completed") });
    expect(chooseTunedSetting([trial(0, "DIVERGED", [Number.NaN])], "max")).toEqual({
      values: null,
      sample: null,
      score: null,
      trials: 1,
      completed: 0,
      reason: "no tuning trial reported a finite validation metric (1 diverged)",
    });
  });
});

describe("the comparison table of a two-stage sweep", () => {
  const spec = parseSpec({ ...SPEC, overrides: { ...SPEC.overrides, weightDecay: [0, 1e-4] } });
  const { plan } = planSweep(spec);
  const chosen = new Map([
    ["synthetic|gelu|weightDecay=0", { lr: 1e-3 }],
    ["synthetic|gelu|weightDecay=0.0001", { lr: 1e-3 }],
    ["synthetic|e-gem|N=1|eps=1|weightDecay=0", { lr: 3e-3 }],
    ["synthetic|e-gem|N=1|eps=1|weightDecay=0.0001", { lr: 3e-3 }],
  ]);
  const rows: TableTrialRow[] = [];
  for (const c of plan.configs)
    for (const seed of plan.seeds) {
      const lr = chosen.get(c.configKey)!.lr;
      rows.push({
        benchmark: c.benchmark,
        configKey: c.configKey,
        activation: c.activation,
        seed,
        status: "COMPLETED",
        finalMetric: syntheticAccuracy(c.activation, { lr, weightDecay: c.hyper.weightDecay }, seed, 9).test,
      });
    }
  const table = buildComparisonTable(rows, { ...tableOptionsOf(plan), chosen });

  it("has a row per activation x swept value, each compared with the baseline row of the same swept values", () => {
    expect(table.rows.map((r) => [r.label, r.isBaseline, r.baselineRow])).toEqual([
      ["GELU, weightDecay=0", true, null],
      ["GELU, weightDecay=1e-4", true, null],
      ["E-GEM (N=1, ε=1), weightDecay=0", false, "gelu|weightDecay=0"],
      ["E-GEM (N=1, ε=1), weightDecay=1e-4", false, "gelu|weightDecay=0.0001"],
    ]);
    const cell = table.rows[3]!.cells[0]!;
    expect(cell.pairs).toBe(3);
    expect(cell.delta).toBeCloseTo(table.rows[3]!.cells[0]!.mean! - table.rows[1]!.cells[0]!.mean!, 12);
    expect(cell.chosen).toEqual({ lr: 3e-3 });
  });

  it("says which stage the numbers come from, and shows the choice in every export", () => {
    expect(table.stage).toMatchObject({ shown: "compare", tuned: { over: ["lr"], metric: "validation", settings: 7, scheduler: "asha" } });
    const md = tableToMarkdown(table);
    expect(md).toContain("lr\\*=3e-3");
    expect(md).toContain("stage 2 (comparison) trials on the test metric; lr chosen per config by stage 1");
    const [columns, ...lines] = parse(tableToCsv(table)) as string[][];
    expect(columns!.slice(3, 8)).toEqual(["N", "eps", "alpha", "lr", "weightDecay"]);
    const egem = lines.find((l) => l[0] === "e-gem|N=1|eps=1|weightDecay=0.0001")!;
    expect([egem[columns!.indexOf("lr")], egem[columns!.indexOf("weightDecay")]]).toEqual(["0.003", "0.0001"]);
  });

  it("pivots on a swept hyperparameter within a family", () => {
    const pivoted = buildComparisonTable(rows, { ...tableOptionsOf(plan), chosen, pivot: { by: "weightDecay", family: "e-gem" } });
    expect(pivoted.rows.map((r) => [r.key, r.label, r.baselineRow])).toEqual([
      ["gelu|weightDecay=0", "GELU, weightDecay=0", null],
      ["gelu|weightDecay=0.0001", "GELU, weightDecay=1e-4", null],
      ["weightDecay=0", "E-GEM weightDecay=0", "gelu|weightDecay=0"],
      ["weightDecay=0.0001", "E-GEM weightDecay=1e-4", "gelu|weightDecay=0.0001"],
    ]);
  });
});

describe("the compute estimate", () => {
  it("halves a rung at a time under ASHA: n·r0 + n/η·(r1 − r0) + n/η²·(R − r1)", () => {
    // 9 trials, rungs at 1 and 3, 9 epochs: 9·1 + 3·2 + 1·6 = 21 trial-epochs instead of 81
    expect(successiveHalvingEpochs(9, 9, { strategy: "asha", reductionFactor: 3, minResource: 1, brackets: 1 })).toBe(21);
    expect(successiveHalvingEpochs(9, 9, { strategy: "none" })).toBe(81);
  });

  it("uses the measured samples/s where there is one, says unknown where there is none", () => {
    // an epoch of exactly the measured samples/s takes 1 s
    const measured = measuredThroughput("fashion-mnist-mlp", "wasm")!.samplesPerSec;
    const spec = parseSpec({ name: "e", benchmark: ["fashion-mnist-mlp", "mnist-mlp"], activations: ["gelu"], seeds: 1, overrides: { epochs: 2, trainLimit: measured } });
    const { estimate } = describeSweep(spec, "wasm");
    expect(estimate.benchmarks.map((b) => [b.benchmark, b.epochSeconds])).toEqual([
      ["fashion-mnist-mlp", 1],
      ["mnist-mlp", null],
    ]);
    expect(estimate.benchmarks[0]!.basis).toContain("docs/training.md#measured");
    expect(estimate.benchmarks[1]!.basis).toBe("unknown: no samples/s measured for mnist-mlp on wasm");
    expect(estimate.seconds).toBeNull();
    expect(dryRunText(spec, describeSweep(spec, "wasm"))).toContain("total: unknown");
  });
});
