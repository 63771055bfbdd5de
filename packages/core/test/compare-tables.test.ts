// Why: compareTables lines sweeps up on shared benchmarks and marks spec differences; checked on real plans and tables.
import { describe, expect, it } from "vitest";
import {
  buildComparisonTable,
  compareTables,
  parseSpec,
  planSweep,
  tableOptionsOf,
  type SweepToCompare,
  type TableTrialRow,
} from "../src/index.js";

/** A sweep planned from `spec`, its trials completed with `metricOf(row key, seed)`. */
function sweep(
  id: string,
  spec: unknown,
  metricOf: (rowKey: string, seed: number) => number,
): SweepToCompare {
  const { plan } = planSweep(parseSpec(spec));
  const trials: TableTrialRow[] = plan.configs.flatMap((config) =>
    plan.seeds.map((seed) => ({
      benchmark: config.benchmark,
      configKey: config.configKey,
      activation: config.activation,
      seed,
      status: "COMPLETED",
      finalMetric: metricOf(config.rowKey, seed),
    })),
  );
  return { id, name: plan.name, plan, table: buildComparisonTable(trials, tableOptionsOf(plan)) };
}

const A = sweep(
  "a",
  {
    name: "a",
    benchmark: ["sleep", "fashion-mnist-mlp"],
    seeds: [0, 1],
    baseline: "relu",
    activations: ["relu", { name: "gem", N: [1, 2] }],
    overrides: { epochs: 2 },
  },
  (key, seed) => (key === "gem|N=2" ? 0.9 : 0.8) + seed * 0.001,
);
const B = sweep(
  "b",
  {
    name: "b",
    benchmark: "fashion-mnist-mlp",
    seeds: [0, 1, 2],
    baseline: "relu",
    activations: ["relu", { name: "gem", N: 1 }, "gelu"],
    overrides: { epochs: 3 },
  },
  (key, seed) => (key === "gem|N=1" ? 0.95 : 0.7) + seed * 0.001,
);

describe("compareTables", () => {
  const comparison = compareTables([A, B]);

  it("compares only the benchmarks every sweep ran, and lists the others with who ran them", () => {
    expect(comparison.benchmarks.map((b) => b.benchmark)).toEqual(["fashion-mnist-mlp"]);
    expect(comparison.unshared).toEqual([{ benchmark: "sleep", sweepIds: ["a"] }]);
    expect(comparison.sweeps.map((s) => s.id)).toEqual(["a", "b"]);
  });

  it("has one row per config of either sweep, with each sweep's cell side by side (null where it has none)", () => {
    const rows = comparison.benchmarks[0]!.rows;
    expect(rows.map((r) => r.key)).toEqual(["relu", "gem|N=1", "gem|N=2", "gelu"]);
    const gem1 = rows[1]!;
    expect(gem1.cells[0]!.mean).toBeCloseTo(0.8005, 9);
    expect(gem1.cells[1]!.mean).toBeCloseTo(0.951, 9);
    expect(gem1.cells[1]!.n).toBe(3);
    expect(gem1.bestSweep).toBe(1);
    expect(rows[2]!.cells[1]).toBeNull();
    expect(rows[2]!.bestSweep).toBeNull(); // only one sweep has it
    expect(rows[3]!.cells[0]).toBeNull();
    expect(rows[0]!.baseline).toEqual([true, true]);
    expect(gem1.activation).toEqual({ name: "gem", N: 1 });
  });

  it("marks the spec fields that differ and leaves equal ones unmarked", () => {
    const byField = Object.fromEntries(comparison.spec.map((f) => [f.field, f]));
    expect(byField.seeds).toEqual({ field: "seeds", values: ["0, 1", "0, 1, 2"], differs: true });
    expect(byField.baseline!.differs).toBe(false);
    expect(byField["hyper.fashion-mnist-mlp.epochs"]).toEqual({
      field: "hyper.fashion-mnist-mlp.epochs",
      values: ["2", "3"],
      differs: true,
    });
    expect(byField["hyper.fashion-mnist-mlp.lr"]!.differs).toBe(false);
    expect(byField.benchmarks!.differs).toBe(true);
    expect(byField.activations!.values[1]).toBe("relu, gem|N=1, gelu");
    expect(byField["metric.fashion-mnist-mlp"]!.values).toEqual([
      "accuracy (max)",
      "accuracy (max)",
    ]);
  });

  it("picks the best sweep per row in the metric's direction", () => {
    const lower = sweep(
      "c",
      { name: "c", benchmark: "sleep", seeds: [0], baseline: "relu", activations: ["relu"] },
      () => 2,
    );
    const higher = sweep(
      "d",
      { name: "d", benchmark: "sleep", seeds: [0], baseline: "relu", activations: ["relu"] },
      () => 3,
    );
    const { benchmarks } = compareTables([lower, higher]);
    const direction = benchmarks[0]!.direction;
    expect(benchmarks[0]!.rows[0]!.bestSweep).toBe(direction === "max" ? 1 : 0);
  });

  it("is the identity on one sweep's rows and refuses none", () => {
    const alone = compareTables([B]);
    expect(alone.benchmarks[0]!.rows.map((r) => r.cells[0]!.mean)).toEqual(
      B.table.rows.map((r) => r.cells[0]!.mean),
    );
    expect(alone.spec.every((f) => !f.differs)).toBe(true);
    expect(() => compareTables([])).toThrow(RangeError);
  });
});
