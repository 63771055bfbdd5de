// Why: one pure comparison of sweeps (their stored plans and tables), shared by the dashboard and the CLI.
import type { Activation, Direction } from "@gemsweep/contracts";
import type { SweepPlan } from "../plan/sweep-plan.js";
import type { ComparisonCell, ComparisonTable } from "./comparison-table.js";

/** One sweep as the comparison reads it: its stored plan and its comparison table. */
export interface SweepToCompare {
  id: string;
  name: string;
  plan: SweepPlan;
  table: ComparisonTable;
}

/** One activation config across the compared sweeps; `cells` is aligned with `sweeps`. */
export interface ComparedRow {
  /** The plan's row key: used to line rows up, never parsed. */
  key: string;
  label: string;
  activation: Activation | null;
  /** Each sweep's cell for this row and benchmark, null where the sweep has no such row. */
  cells: (ComparisonCell | null)[];
  /** Whether the row is that sweep's baseline (its Δ and p are against it). */
  baseline: boolean[];
  /** Index of the sweep with the best mean in the metric's direction (null: fewer than two means). */
  bestSweep: number | null;
}

/** A benchmark every compared sweep ran, with the union of their rows. */
export interface ComparedBenchmark {
  benchmark: string;
  title: string;
  metric: string;
  direction: Direction;
  rows: ComparedRow[];
}

/** One field of the specs (as their plans stored them), its value per sweep, and whether they differ. */
export interface SpecField {
  /** Dotted name: `seeds`, `baseline`, `hyper.fashion-mnist-mlp.lr`, ... */
  field: string;
  /** Display text per sweep, aligned with `sweeps`; "—" where the sweep lacks the field. */
  values: string[];
  differs: boolean;
}

export interface SweepComparison {
  sweeps: { id: string; name: string; baselineKey: string }[];
  value: "final" | "best";
  /** The benchmarks all sweeps share, in the first sweep's order. */
  benchmarks: ComparedBenchmark[];
  /** Benchmarks only some of the sweeps ran (not compared), with the sweeps that ran them. */
  unshared: { benchmark: string; sweepIds: string[] }[];
  /** Every compared spec field; `differs` marks where the specs disagree. */
  spec: SpecField[];
}

const ABSENT = "—";

function text(value: unknown): string {
  if (value === undefined) return ABSENT;
  if (Array.isArray(value)) return value.map((v) => text(v)).join(", ");
  return typeof value === "string" ? value : JSON.stringify(value);
}

function field(name: string, values: unknown[]): SpecField {
  const shown = values.map(text);
  return { field: name, values: shown, differs: shown.some((v) => v !== shown[0]) };
}

/** The distinct values of one hyperparameter over a sweep's configs of one benchmark. */
function hyperValues(plan: SweepPlan, benchmark: string, key: string): unknown {
  const values: unknown[] = [];
  for (const config of plan.configs) {
    if (config.benchmark !== benchmark) continue;
    const value = (config.hyper as Record<string, unknown>)[key];
    if (value !== undefined && !values.some((v) => JSON.stringify(v) === JSON.stringify(value)))
      values.push(value);
  }
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : values;
}

/** The spec fields the plans carry: what ran (benchmarks, activations, seeds), against what, and how. */
function specFields(sweeps: readonly SweepToCompare[], shared: readonly string[]): SpecField[] {
  const plans = sweeps.map((s) => s.plan);
  const fields: SpecField[] = [
    field(
      "benchmarks",
      plans.map((p) => p.columns.map((c) => c.benchmark)),
    ),
    field(
      "activations",
      plans.map((p) => p.rows.map((r) => r.key)),
    ),
    field(
      "seeds",
      plans.map((p) => p.seeds),
    ),
    field(
      "baseline",
      plans.map((p) => p.baselineKey),
    ),
    field(
      "pruner",
      plans.map((p) => p.pruner),
    ),
  ];
  for (const benchmark of shared) {
    const columns = plans.map((p) => p.columns.find((c) => c.benchmark === benchmark));
    fields.push(
      field(
        `metric.${benchmark}`,
        columns.map((c) => (c ? `${c.metric} (${c.direction})` : undefined)),
      ),
    );
    const keys = new Set(
      plans.flatMap((p) =>
        p.configs.filter((c) => c.benchmark === benchmark).flatMap((c) => Object.keys(c.hyper)),
      ),
    );
    for (const key of [...keys].sort()) {
      fields.push(
        field(
          `hyper.${benchmark}.${key}`,
          plans.map((p) => hyperValues(p, benchmark, key)),
        ),
      );
    }
  }
  return fields;
}

function better(a: number, b: number, direction: Direction): boolean {
  return direction === "max" ? a > b : a < b;
}

function compareBenchmark(sweeps: readonly SweepToCompare[], benchmark: string): ComparedBenchmark {
  const first = sweeps[0]!.table.columns.find((c) => c.benchmark === benchmark)!;
  const direction = first.direction;
  const order: { key: string; label: string; activation: Activation | null }[] = [];
  for (const sweep of sweeps) {
    for (const row of sweep.table.rows) {
      if (!order.some((r) => r.key === row.key))
        order.push({ key: row.key, label: row.label, activation: row.activation });
    }
  }
  const rows = order.map((row): ComparedRow => {
    const cells: (ComparisonCell | null)[] = [];
    const baseline: boolean[] = [];
    for (const sweep of sweeps) {
      const column = sweep.table.columns.findIndex((c) => c.benchmark === benchmark);
      const own = sweep.table.rows.find((r) => r.key === row.key);
      cells.push(own?.cells[column] ?? null);
      baseline.push(own?.isBaseline ?? false);
    }
    let bestSweep: number | null = null;
    let means = 0;
    cells.forEach((cell, i) => {
      if (cell?.mean === null || cell?.mean === undefined) return;
      means++;
      const best = bestSweep === null ? null : cells[bestSweep]!.mean!;
      if (best === null || better(cell.mean, best, direction)) bestSweep = i;
    });
    return { ...row, cells, baseline, bestSweep: means >= 2 ? bestSweep : null };
  });
  return { benchmark, title: first.title, metric: String(first.metric), direction, rows };
}

/**
 * Lines up two or more sweeps' comparison tables on the benchmarks they all ran: one row per
 * activation config any of them has (first sweep's order first), each sweep's cell side by side,
 * and the spec fields of their plans with the ones that differ marked. The tables should be
 * built with the same `value` (final or best); the first one's is reported.
 */
export function compareTables(sweeps: readonly SweepToCompare[]): SweepComparison {
  if (sweeps.length === 0) throw new RangeError("compareTables needs at least one sweep");
  const benchmarksOf = sweeps.map((s) => s.table.columns.map((c) => c.benchmark));
  const all = [...new Set(benchmarksOf.flat())];
  const shared = benchmarksOf[0]!.filter((b) => benchmarksOf.every((list) => list.includes(b)));
  const unshared = all
    .filter((b) => !shared.includes(b))
    .map((benchmark) => ({
      benchmark,
      sweepIds: sweeps.filter((_, i) => benchmarksOf[i]!.includes(benchmark)).map((s) => s.id),
    }));
  return {
    sweeps: sweeps.map((s) => ({ id: s.id, name: s.name, baselineKey: s.plan.baselineKey })),
    value: sweeps[0]!.table.value,
    benchmarks: shared.map((b) => compareBenchmark(sweeps, b)),
    unshared,
    spec: specFields(sweeps, shared),
  };
}
