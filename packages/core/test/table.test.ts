import { GemSweepError, activationKey } from "@gemsweep/contracts";
import { describe, it, expect } from "vitest";
import { buildComparisonTable, configKeyOf, mulberry32, parseSpec, planSweep, tableOptionsOf, tableToLatex, tableToMarkdown, type ComparisonCell, type ComparisonTable, type TableTrialRow } from "../src/index.js";
import { ROW_ORDER, ROWS, TRIALS, rowsFor } from "./fixtures.js";

function cell(table: ComparisonTable, rowKey: string, benchmark: string): ComparisonCell {
  const r = table.rows.findIndex((row) => row.key === rowKey);
  const c = table.columns.findIndex((col) => col.benchmark === benchmark);
  expect(r).toBeGreaterThanOrEqual(0);
  expect(c).toBeGreaterThanOrEqual(0);
  return table.rows[r]!.cells[c]!;
}

describe("buildComparisonTable", () => {
  const table = buildComparisonTable(TRIALS, {
    baseline: "gelu",
    rows: ROWS,
    columnOrder: ["fashion-mnist-mlp", "lm-tiny"],
  });

  it("lays out rows in spec order and columns per benchmark with metric and direction", () => {
    expect(table.rows.map((r) => r.key)).toEqual(ROW_ORDER);
    expect(table.rows.map((r) => r.label)).toEqual([
      "GELU",
      "ReLU",
      "GEM (N=1)",
      "GEM (N=2)",
      "E-GEM (N=1, ε=0.01)",
    ]);
    expect(table.rows.map((r) => r.activation)).toEqual(ROWS.map((r) => r.activation));
    expect(table.columns).toEqual([
      {
        benchmark: "fashion-mnist-mlp",
        title: "Fashion-MNIST, MLP",
        metric: "accuracy",
        direction: "max",
      },
      { benchmark: "lm-tiny", title: "Tiny character LM", metric: "perplexity", direction: "min" },
    ]);
    expect(table.baselineKey).toBe("gelu");
    expect(table.rows.map((r) => r.isBaseline)).toEqual([true, false, false, false, false]);
  });

  it("computes mean, std, n, delta and paired p-values as SciPy does", () => {
    const gem1 = cell(table, "gem|N=1", "fashion-mnist-mlp");
    expect(gem1.n).toBe(3);
    expect(gem1.mean).toBeCloseTo(0.8866666666666667, 12);
    expect(gem1.std).toBeCloseTo(0.0020816659994661343, 12);
    expect(gem1.delta).toBeCloseTo(0.00566666666666682, 12);
    expect(gem1.pValue).toBeCloseTo(0.003442351007066415, 9);
    const relu = cell(table, "relu", "lm-tiny");
    expect(relu.mean).toBeCloseTo(13.133333333333333, 10);
    expect(relu.delta).toBeCloseTo(0.9333333333333353, 10);
    expect(relu.pValue).toBeCloseTo(0.02338785101878207, 9);
    const base = cell(table, "gelu", "lm-tiny");
    expect(base.delta).toBeNull();
    expect(base.pValue).toBeNull();
    expect(base.ci95).not.toBeNull();
  });

  it("pairs only on seeds both completed and counts failed and pending trials", () => {
    const relu = cell(table, "relu", "fashion-mnist-mlp");
    expect(relu).toMatchObject({ n: 2, seeds: [0, 1], pairs: 2, failed: 1, pending: 0 });
    expect(relu.std).toBeCloseTo(0.004242640687119289, 12);
    expect(relu.delta).toBeCloseTo(-0.006999999999999895, 12);
    expect(relu.pValue).toBeCloseTo(0.07916684832113109, 9);
    const gem2 = cell(table, "gem|N=2", "fashion-mnist-mlp");
    expect(gem2).toMatchObject({ n: 2, seeds: [0, 2], pairs: 2, failed: 0, pending: 1 });
    expect(gem2.pValue).toBeCloseTo(0.015524233636626405, 9);
  });

  it("applies Holm across the rows of each column and marks significance", () => {
    const col = "fashion-mnist-mlp";
    expect(cell(table, "relu", col).pHolm).toBeCloseTo(0.07916684832113109, 9);
    expect(cell(table, "gem|N=1", col).pHolm).toBeCloseTo(0.01376940402826566, 9);
    expect(cell(table, "gem|N=2", col).pHolm).toBeCloseTo(0.03104846727325281, 9);
    expect(cell(table, "e-gem|N=1|eps=0.01", col).pHolm).toBeCloseTo(0.027397834158826375, 9);
    expect(ROW_ORDER.map((k) => cell(table, k, col).mark)).toEqual(["", "", "*", "*", "*"]);
    expect(cell(table, "gem|N=2", "lm-tiny").pHolm).toBeCloseTo(0.015534039265981778, 9);
    expect(cell(table, "e-gem|N=1|eps=0.01", "lm-tiny").pHolm).toBeCloseTo(0.8075499102701217, 9);
    expect(ROW_ORDER.map((k) => cell(table, k, "lm-tiny").mark)).toEqual(["", "*", "*", "*", ""]);
  });

  it("marks the best cell per column following the metric direction", () => {
    const bestOf = (b: string) =>
      table.rows
        .filter((r) => r.cells[table.columns.findIndex((c) => c.benchmark === b)]!.best)
        .map((r) => r.key);
    expect(bestOf("fashion-mnist-mlp")).toEqual(["e-gem|N=1|eps=0.01"]); // accuracy: highest
    expect(bestOf("lm-tiny")).toEqual(["gem|N=2"]); // perplexity: lowest
  });

  it("keeps rows without data (live sweeps) and columns from the order", () => {
    const t = buildComparisonTable([], {
      baseline: "gelu",
      rows: ROWS,
      columnOrder: ["fashion-mnist-mlp"],
    });
    expect(t.rows).toHaveLength(5);
    expect(t.rows[1]!.cells[0]).toMatchObject({
      n: 0,
      mean: null,
      std: null,
      delta: null,
      best: false,
    });
  });

  it("leaves deltas empty when the baseline has no completed trial", () => {
    const rows = TRIALS.filter((t) => t.activation.name !== "gelu");
    const t = buildComparisonTable(rows, { baseline: "gelu", rows: ROWS });
    expect(cell(t, "relu", "lm-tiny").delta).toBeNull();
    expect(cell(t, "relu", "lm-tiny").pValue).toBeNull();
    expect(cell(t, "relu", "lm-tiny").mean).toBeCloseTo(13.133333333333333, 10);
  });

  it("ignores non-finite metrics and duplicate seeds", () => {
    const rows: TableTrialRow[] = [
      ...rowsFor("mnist-mlp", { gelu: { 0: 0.9, 1: 0.92 }, relu: { 0: 0.8, 1: 0.82 } }),
      {
        benchmark: "mnist-mlp",
        configKey: "mnist-mlp|relu",
        activation: { name: "relu" },
        seed: 2,
        status: "COMPLETED",
        finalMetric: Number.NaN,
      },
      {
        benchmark: "mnist-mlp",
        configKey: "mnist-mlp|relu",
        activation: { name: "relu" },
        seed: 0,
        status: "COMPLETED",
        finalMetric: 0.1,
      },
    ];
    const c = cell(buildComparisonTable(rows, { baseline: "gelu" }), "relu", "mnist-mlp");
    expect(c).toMatchObject({ n: 2, seeds: [0, 1], failed: 1 });
    expect(c.mean).toBeCloseTo(0.81, 12);
  });

  it("does not depend on the order the store returns trials in", () => {
    const rand = mulberry32(3);
    for (let k = 0; k < 5; k++) {
      const shuffled = [...TRIALS];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const opts = {
        baseline: "gelu",
        rows: ROWS,
        columnOrder: ["fashion-mnist-mlp", "lm-tiny"],
      };
      expect(buildComparisonTable(shuffled, opts)).toEqual(table);
    }
  });

  it("aggregates the best metric when asked", () => {
    const rows = rowsFor("mnist-mlp", { gelu: { 0: 0.9, 1: 0.92 } }).map((r) => ({
      ...r,
      bestMetric: r.finalMetric! + 0.01,
    }));
    const t = buildComparisonTable(rows, { baseline: "gelu", value: "best" });
    expect(t.rows[0]!.cells[0]!.mean).toBeCloseTo(0.92, 12);
    expect(t.value).toBe("best");
  });

  it("a best-epoch table says 'no validation' for trials run without one, and never counts them as failed", () => {
    const rows = rowsFor("mnist-mlp", { gelu: { 0: 0.9, 1: 0.92 }, relu: { 0: 0.91, 1: 0.93 } }).map((r) =>
      r.configKey.endsWith("relu") ? { ...r, bestMetric: null, bestEpoch: null } : { ...r, bestMetric: r.finalMetric! + 0.01, bestEpoch: 3 },
    );
    const best = buildComparisonTable(rows, { baseline: "gelu", value: "best" });
    const relu = cell(best, "relu", "mnist-mlp");
    expect([relu.n, relu.failed, relu.noValidation, relu.mean]).toEqual([0, 0, 2, null]);
    expect(tableToMarkdown(best)).toMatch(/\| ReLU \| no validation \|/);
    expect(tableToLatex(best)).toMatch(/ReLU & no validation/);
    // the final-epoch table is unaffected
    const final = buildComparisonTable(rows, { baseline: "gelu", value: "final" });
    expect([cell(final, "relu", "mnist-mlp").n, cell(final, "relu", "mnist-mlp").noValidation]).toEqual([2, 0]);
  });

  it("takes rows, order and baseline from the sweep's plan, treating rows stored without defaults as the same config", () => {
    const spec = parseSpec({
      name: "s",
      benchmark: ["mnist-mlp"],
      activations: ["relu", "gelu", { name: "gem", N: [1, 2] }],
    });
    const opts = tableOptionsOf(planSweep(spec).plan);
    expect(opts.baseline).toBe("gelu");
    expect(opts.rows?.map((r) => r.key)).toEqual(["relu", "gelu", "gem|N=1", "gem|N=2"]);
    expect(opts.rows?.[2]?.activation).toEqual({ name: "gem", N: 1 });
    expect(opts.columnOrder).toEqual(["mnist-mlp"]);
    // a store that left N null for gem's default still lands on row gem|N=1
    const rows: TableTrialRow[] = [
      {
        benchmark: "mnist-mlp",
        configKey: "mnist-mlp|gem|N=1",
        activation: { name: "gem", N: null, eps: null, alpha: null },
        seed: 0,
        status: "COMPLETED",
        finalMetric: 0.5,
      },
    ];
    expect(cell(buildComparisonTable(rows, opts), "gem|N=1", "mnist-mlp").n).toBe(1);
  });
});

describe("buildComparisonTable: ablation pivots", () => {
  const acts = {
    gelu: { name: "gelu" as const },
    e4: { name: "e-gem" as const, N: 1, eps: 1e-4 },
    e2: { name: "e-gem" as const, N: 1, eps: 1e-2 },
    e0: { name: "e-gem" as const, N: 1, eps: 1 },
    e2n2: { name: "e-gem" as const, N: 2, eps: 1e-2 },
    g1: { name: "gem" as const, N: 1 },
    g3: { name: "gem" as const, N: 3 },
    g2: { name: "gem" as const, N: 2 },
  };
  const data = {
    gelu: { 0: 0.9, 1: 0.91 },
    e4: { 0: 0.92, 1: 0.925 },
    e2: { 0: 0.915, 1: 0.918 },
    e0: { 0: 0.905, 1: 0.907 },
    e2n2: { 0: 0.89, 1: 0.893 },
    g1: { 0: 0.902, 1: 0.904 },
    g3: { 0: 0.88, 1: 0.881 },
    g2: { 0: 0.895, 1: 0.897 },
  };
  const rows = rowsFor("cifar10-resnet56", data, acts);

  it("rows by N for one family, ascending, with the baseline on top", () => {
    const t = buildComparisonTable(rows, { baseline: "gelu", pivot: { by: "N", family: "gem" } });
    expect(t.rows.map((r) => r.key)).toEqual(["gelu", "N=1", "N=2", "N=3"]);
    expect(t.rows.map((r) => r.label)).toEqual(["GELU", "GEM N=1", "GEM N=2", "GEM N=3"]);
    expect(t.rows.map((r) => r.pivotValue)).toEqual([null, 1, 2, 3]);
    expect(t.rows[1]!.activation).toEqual({ name: "gem", N: 1 });
    expect(t.rows[2]!.cells[0]!.mean).toBeCloseTo(0.896, 12);
    expect(t.rows[2]!.cells[0]!.delta).toBeCloseTo(0.896 - 0.905, 12);
  });

  it("rows by eps with the other parameters fixed by `where`", () => {
    const t = buildComparisonTable(rows, {
      baseline: "gelu",
      pivot: { by: "eps", family: "e-gem", where: { N: 1 } },
    });
    expect(t.rows.map((r) => r.key)).toEqual(["gelu", "eps=0.0001", "eps=0.01", "eps=1"]);
    expect(t.rows.find((r) => r.cells[0]!.best)!.key).toBe("eps=0.0001");
  });

  it("refuses an ambiguous pivot instead of mixing configs", () => {
    expect(() =>
      buildComparisonTable(rows, { baseline: "gelu", pivot: { by: "eps", family: "e-gem" } }),
    ).toThrow(GemSweepError);
    expect(() =>
      buildComparisonTable(rows, { baseline: "gelu", pivot: { by: "eps", family: "e-gem" } }),
    ).toThrow(/ambiguous/);
  });
});

describe("buildComparisonTable: scale", () => {
  it("aggregates 100k rows into the right shape and counts", () => {
    const rows: TableTrialRow[] = [];
    const acts = [
      { name: "gelu" as const },
      ...Array.from({ length: 99 }, (_, i) => ({
        name: "e-gem" as const,
        N: 1,
        eps: (i + 1) / 100,
      })),
    ];
    for (const b of ["mnist-mlp", "lm-tiny"]) {
      for (const a of acts) {
        const configKey = configKeyOf(b, activationKey(a));
        for (let seed = 0; seed < 500; seed++)
          rows.push({
            benchmark: b,
            configKey,
            activation: a,
            seed,
            status: "COMPLETED",
            finalMetric: seed % 7,
          });
      }
    }
    expect(rows).toHaveLength(100_000);
    const t = buildComparisonTable(rows, { baseline: "gelu" });
    expect(t.rows).toHaveLength(100);
    expect(t.columns).toHaveLength(2);
    expect(
      t.rows.every((r) =>
        r.cells.every((c) => c.n === 500 && c.pairs === (r.isBaseline ? 0 : 500)),
      ),
    ).toBe(true);
  });
});
