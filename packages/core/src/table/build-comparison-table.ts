import {
  ACTIVATIONS,
  activationKey,
  activationFromParts,
  activationLabel,
  isActivationName,
  PARAM_SYMBOLS,
  withDefaults,
  type Activation,
  type Direction,
  ErrorCode,
  GemSweepError,
  OPEN_TRIAL_STATUSES,
  type HyperKey,
} from "@gemsweep/contracts";
import { formatHyperValue, sweptKeySuffix, type SweptValues } from "../overrides/swept-values.js";
import { BENCHMARKS } from "../benchmarks.js";
import type { PlanRow, PlanTuning, SweepPlan } from "../plan/sweep-plan.js";
import { mean, summarize } from "../stats/descriptive.js";
import { holmAdjust } from "../stats/holm.js";
import { pairedTTest } from "../stats/paired-t-test.js";
import type {
  ComparisonCell,
  ComparisonTable,
  PivotSpec,
  TableColumn,
  TablePivotChoice,
  TableRow,
  TableStage,
  TableTrialRow,
} from "./comparison-table.js";
import { SIGNIFICANCE_LEVELS, significanceMark } from "./significance.js";

export interface ComparisonTableOptions {
  /**
   * Baseline: an activation key (`gelu`, `gem|N=2`) or an activation name matching exactly one
   * activation of the rows. Each row compares with the baseline's row of the same swept values.
   */
  baseline: string;
  /** Metric name and direction per benchmark; defaults to the core catalog. */
  catalog?: Readonly<Record<string, { metric: string; direction: Direction; title?: string }>>;
  /** Rows in the order to show (the plan's); rows without data still appear. */
  rows?: readonly PlanRow[];
  /** The row of each config key (the plan's); a trial not in it is keyed by its activation. */
  rowOfConfig?: ReadonlyMap<string, string>;
  /** Benchmarks in the order to show. */
  columnOrder?: readonly string[];
  /** Ablation view: rows are the values of one parameter within one activation family. */
  pivot?: PivotSpec;
  /** The pivots to offer (the plan's ablations). */
  pivots?: readonly TablePivotChoice[];
  /** Aggregate the final metric (default) or the metric at each trial's best validation epoch. */
  value?: "final" | "best";
  /** The swept hyperparameters that are table axes (the plan's), for the exports' columns. */
  swept?: readonly HyperKey[];
  /** Two-stage sweeps: the plan's tuning stage, and the setting stage 1 chose per config key. */
  tuning?: PlanTuning | null;
  chosen?: ReadonlyMap<string, SweptValues>;
}

interface Acc {
  // Parallel arrays rather than a Map per cell: 100k trials would otherwise be 100k Map entries.
  seeds: number[];
  vals: number[];
  /** Each seed's dead / near-dead fraction at the reported epoch (NaN where not recorded). */
  dead: number[];
  nearDead: number[];
  failed: number;
  pending: number;
  /** The config the cell aggregates (its first trial's), for the stage-1 choice. */
  configKey: string;
  noValidation: number;
}

const PENDING = new Set<string>(OPEN_TRIAL_STATUSES);
const FAILED = new Set(["FAILED", "DIVERGED"]);

/** Rows, columns and baseline as the sweep's stored plan has them: what its table shows. */
export function tableOptionsOf(plan: SweepPlan): ComparisonTableOptions {
  return {
    baseline: plan.baselineKey,
    rows: plan.rows,
    rowOfConfig: new Map(plan.configs.map((c) => [c.configKey, c.rowKey])),
    columnOrder: plan.columns.map((c) => c.benchmark),
    catalog: Object.fromEntries(plan.columns.map((c) => [c.benchmark, c])),
    pivots: plan.pivots,
    swept: plan.swept,
    tuning: plan.tuning,
  };
}

interface ResolvedRow {
  key: string;
  label: string;
  activation: Activation | null;
  /** The row's activation key (`gelu`), which the baseline names. */
  activationKey: string;
  swept: SweptValues;
  pivotValue: number | null;
}

function emptyCell(): ComparisonCell {
  return {
    n: 0,
    mean: null,
    std: null,
    ci95: null,
    seeds: [],
    failed: 0,
    pending: 0,
    noValidation: 0,
    deadFraction: null,
    nearDeadFraction: null,
    delta: null,
    pairs: 0,
    pValue: null,
    pHolm: null,
    mark: "",
    best: false,
    chosen: null,
  };
}

/**
 * Aggregates trial rows into the paper's comparison table: rows = activation configs (or pivot
 * values), columns = benchmarks, cells = mean +- std over completed seeds, delta and paired
 * t-test vs the baseline (pairs on seeds both completed), Holm across rows per column, best cell.
 */
export function buildComparisonTable(
  trials: readonly TableTrialRow[],
  options: ComparisonTableOptions,
): ComparisonTable {
  const catalog: NonNullable<ComparisonTableOptions["catalog"]> = options.catalog ?? BENCHMARKS;
  const pivot = options.pivot ?? null;
  const value = options.value ?? "final";

  // 1. Resolve each distinct config to its row once (hundreds), not each trial (up to 100k).
  const planRows = new Map((options.rows ?? []).map((r) => [r.key, r]));
  const keyCache = new Map<string, ResolvedRow | null>();
  const resolved = new Map<string, ResolvedRow>(); // row key -> row, for labels and activations
  const pivotSource = new Map<string, string>(); // pivot row key -> the row key it came from
  const baselineIsKey = options.baseline.includes("|") || !isActivationName(options.baseline);
  const isBaselineRow = (row: ResolvedRow, name: string): boolean =>
    row.activationKey === options.baseline || (!baselineIsKey && name === options.baseline);

  const baseRowOf = (t: TableTrialRow): ResolvedRow => {
    const planned = planRows.get(options.rowOfConfig?.get(t.configKey) ?? "");
    if (planned) return resolvedOf(planned);
    const activation = activationFromParts(t.activation);
    return activation
      ? { key: activationKey(activation), label: activationLabel(activation), activation, activationKey: activationKey(activation), swept: {}, pivotValue: null }
      : { key: t.activation.name, label: t.activation.name, activation: null, activationKey: t.activation.name, swept: {}, pivotValue: null };
  };

  const resolveRow = (t: TableTrialRow): ResolvedRow | null => {
    let hit = keyCache.get(t.configKey);
    if (hit !== undefined) return hit;
    const base = baseRowOf(t);
    hit = base;
    if (pivot) {
      const c = base.activation;
      const isBaseline = isBaselineRow(base, t.activation.name);
      if (c && c.name === pivot.family && matchesWhere(c, base.swept, pivot.where)) {
        const v = pivotValueOf(c, base.swept, pivot.by);
        if (v === undefined)
          throw invalid(`pivot by ${pivot.by}: ${pivot.family} has no parameter or swept hyperparameter ${pivot.by}`);
        const key = `${pivot.by}=${v}`;
        const prev = pivotSource.get(key);
        if (prev !== undefined && prev !== base.key) {
          throw invalid(
            `pivot by ${pivot.by} is ambiguous: ${prev} and ${base.key} both have ${key}; fix the other parameters with pivot.where`,
          );
        }
        pivotSource.set(key, base.key);
        if (!isBaseline) {
          const symbol = (PARAM_SYMBOLS as Record<string, string>)[pivot.by] ?? pivot.by;
          const label = `${ACTIVATIONS[pivot.family].displayName} ${symbol}=${typeof v === "number" && !(pivot.by in PARAM_SYMBOLS) ? formatHyperValue(v) : v}`;
          hit = { ...base, key, label, pivotValue: v };
        }
      } else if (!isBaseline || !matchesWhereSwept(base.swept, pivot.where)) {
        hit = null; // outside the ablation
      }
    }
    keyCache.set(t.configKey, hit);
    if (hit) resolved.set(hit.key, hit);
    return hit;
  };

  // 2. One pass over the trials into per-(column, row) accumulators.
  const byColumn = new Map<string, Map<string, Acc>>();
  const rowSeen: string[] = [];
  const rowSeenSet = new Set<string>();
  // The accumulator is cached per configKey too: the hot loop is one Map lookup per trial.
  const accByConfig = new Map<string, Acc | null>();
  for (const t of trials) {
    let acc = accByConfig.get(t.configKey);
    if (acc === undefined) {
      const row = resolveRow(t);
      if (row) {
        let col = byColumn.get(t.benchmark);
        if (!col) byColumn.set(t.benchmark, (col = new Map()));
        acc = col.get(row.key) ?? null;
        if (!acc) {
          col.set(row.key, (acc = { seeds: [], vals: [], dead: [], nearDead: [], failed: 0, pending: 0, noValidation: 0, configKey: t.configKey }));
          if (!rowSeenSet.has(row.key)) {
            rowSeenSet.add(row.key);
            rowSeen.push(row.key);
          }
        }
      } else acc = null;
      accByConfig.set(t.configKey, acc);
    }
    if (!acc) continue;
    if (t.status === "COMPLETED") {
      const v = value === "best" ? t.bestMetric : t.finalMetric;
      if (typeof v === "number" && Number.isFinite(v)) {
        acc.seeds.push(t.seed);
        acc.vals.push(v);
        acc.dead.push((value === "best" ? t.bestDeadFraction : t.deadFraction) ?? Number.NaN);
        acc.nearDead.push((value === "best" ? t.bestNearDeadFraction : t.nearDeadFraction) ?? Number.NaN);
      } else if (value === "best" && v === null && t.bestEpoch === null) acc.noValidation++;
      else acc.failed++;
    } else if (FAILED.has(t.status)) acc.failed++;
    else if (PENDING.has(t.status)) acc.pending++;
  }

  // 3. Rows and columns in display order.
  let rowKeys: string[];
  if (pivot) {
    const pivotKeys = rowSeen.filter((k) => pivotSource.has(k));
    pivotKeys.sort((a, b) => resolved.get(a)!.pivotValue! - resolved.get(b)!.pivotValue!);
    rowKeys = [...rowSeen.filter((k) => !pivotSource.has(k)), ...pivotKeys];
  } else {
    const ordered = [...planRows.keys()];
    const extra = rowSeen.filter((k) => !ordered.includes(k));
    rowKeys = [...ordered, ...extra];
  }
  for (const key of planRows.keys()) if (!resolved.has(key) && !pivot) resolved.set(key, resolvedOf(planRows.get(key)!));
  const baselineKey = resolveBaselineKey(options.baseline, [...resolved.values()].map((r) => r.activationKey));

  const columnKeys = [...(options.columnOrder ?? [])].filter((k, i, all) => all.indexOf(k) === i);
  for (const b of byColumn.keys()) if (!columnKeys.includes(b)) columnKeys.push(b);
  const columns: TableColumn[] = columnKeys.map((benchmark) => {
    const info = catalog[benchmark];
    return {
      benchmark,
      title: info?.title ?? benchmark,
      metric: info?.metric ?? "metric",
      direction: info?.direction ?? "max",
    };
  });

  // Each row's baseline row: the baseline activation's row with the same swept values.
  const baselineRowOf = new Map<string, string>();
  for (const row of resolved.values())
    if (baselineKey !== null && row.activationKey === baselineKey && rowKeys.includes(row.key))
      baselineRowOf.set(sweptKeySuffix(row.swept), row.key);
  const rows: TableRow[] = rowKeys.map((key) => {
    const row = resolved.get(key);
    const isBaseline = baselineKey !== null && row?.activationKey === baselineKey && row.pivotValue === null;
    return {
      key,
      label: row?.label ?? key,
      activation: row?.activation ?? null,
      swept: row?.swept ?? {},
      pivotValue: row?.pivotValue ?? null,
      isBaseline,
      baselineRow: isBaseline ? null : (baselineRowOf.get(sweptKeySuffix(row?.swept ?? {})) ?? null),
      cells: [],
    };
  });

  // Sort each cell by seed; a seed seen twice keeps its first value.
  for (const col of byColumn.values()) for (const acc of col.values()) finalizeAcc(acc);

  // 4. Cells, per column: stats, delta and paired test vs baseline, Holm over rows, best.
  columns.forEach((column) => {
    const col = byColumn.get(column.benchmark);
    const cells: ComparisonCell[] = rows.map((row) => {
      const acc = col?.get(row.key);
      const cell = emptyCell();
      if (!acc) return cell;
      const baseAcc = row.baselineRow !== null ? col?.get(row.baselineRow) : undefined;
      const baseMean = baseAcc && baseAcc.vals.length > 0 ? mean(baseAcc.vals) : null;
      cell.chosen = options.chosen?.get(acc.configKey) ?? null;
      cell.failed = acc.failed;
      cell.pending = acc.pending;
      cell.noValidation = acc.noValidation;
      const { seeds, vals } = acc;
      cell.seeds = seeds;
      if (vals.length > 0) {
        const s = summarize(vals);
        cell.n = s.n;
        cell.mean = s.mean;
        cell.std = s.n >= 2 ? s.std : null;
        cell.ci95 = s.ci95;
        cell.deadFraction = finiteMean(acc.dead);
        cell.nearDeadFraction = finiteMean(acc.nearDead);
      }
      if (!row.isBaseline && baseAcc && cell.mean !== null && baseMean !== null) {
        cell.delta = cell.mean - baseMean;
        const [a, b] = pairSorted(acc, baseAcc);
        cell.pairs = a.length;
        const test = pairedTTest(a, b);
        cell.pValue = test ? test.pValue : null;
      }
      return cell;
    });
    const adjusted = holmAdjust(cells.map((c) => c.pValue));
    cells.forEach((c, i) => {
      c.pHolm = adjusted[i] ?? null;
      c.mark = significanceMark(c.pHolm);
    });
    if (column.metric !== "none") {
      const means = cells.map((c) => c.mean).filter((m): m is number => m !== null);
      if (means.length > 0) {
        const best = column.direction === "max" ? Math.max(...means) : Math.min(...means);
        for (const c of cells) c.best = c.mean === best;
      }
    }
    cells.forEach((c, i) => rows[i]!.cells.push(c));
  });

  return {
    columns,
    rows,
    pivots: (options.pivots ?? []).map((p) => ({ ...p, values: [...p.values] })),
    baselineKey,
    swept: [...(options.swept ?? [])],
    value,
    pivot,
    stage: stageOf(options.tuning ?? null),
    significance: {
      test: "Paired t-test over seeds vs the baseline (two-sided)",
      correction: "Holm-Bonferroni across rows, per benchmark",
      levels: SIGNIFICANCE_LEVELS.map((l) => ({ mark: l.mark, below: l.below })),
    },
  };
}

function finalizeAcc(acc: Acc): void {
  const n = acc.seeds.length;
  let sorted = true;
  for (let i = 1; i < n; i++) if (acc.seeds[i]! <= acc.seeds[i - 1]!) sorted = false;
  if (sorted) return;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (x, y) => acc.seeds[x]! - acc.seeds[y]! || x - y,
  );
  const seeds: number[] = [];
  const vals: number[] = [];
  const dead: number[] = [];
  const nearDead: number[] = [];
  for (const i of order) {
    if (seeds.length > 0 && seeds[seeds.length - 1] === acc.seeds[i]) continue;
    seeds.push(acc.seeds[i]!);
    vals.push(acc.vals[i]!);
    dead.push(acc.dead[i]!);
    nearDead.push(acc.nearDead[i]!);
  }
  acc.seeds = seeds;
  acc.vals = vals;
  acc.dead = dead;
  acc.nearDead = nearDead;
}

/** Mean of the finite values (seeds that recorded no health are left out); null when none. */
function finiteMean(values: readonly number[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? null : sum / n;
}

/** Merge join of two seed-sorted cells: the values of the seeds both completed. */
function pairSorted(x: Acc, y: Acc): [number[], number[]] {
  const a: number[] = [];
  const b: number[] = [];
  let i = 0;
  let j = 0;
  while (i < x.seeds.length && j < y.seeds.length) {
    const sx = x.seeds[i]!;
    const sy = y.seeds[j]!;
    if (sx === sy) {
      a.push(x.vals[i++]!);
      b.push(y.vals[j++]!);
    } else if (sx < sy) i++;
    else j++;
  }
  return [a, b];
}

function invalid(message: string): GemSweepError {
  return new GemSweepError(ErrorCode.INVALID_INPUT, message, {
    issues: [{ path: "pivot", message }],
  });
}

function resolvedOf(row: PlanRow): ResolvedRow {
  return {
    key: row.key,
    label: row.label,
    activation: row.activation,
    activationKey: activationKey(row.activation),
    swept: row.swept ?? {},
    pivotValue: null,
  };
}

function pivotValueOf(c: Activation, swept: SweptValues, by: PivotSpec["by"]): number | undefined {
  const v = by === "N" || by === "eps" || by === "alpha" ? withDefaults(c)[by] : swept[by];
  return typeof v === "number" ? v : undefined;
}

function matchesWhere(c: Activation, swept: SweptValues, where: PivotSpec["where"]): boolean {
  if (!where) return true;
  const full = withDefaults(c);
  for (const p of ["N", "eps", "alpha"] as const) {
    if (where[p] !== undefined && full[p] !== where[p]) return false;
  }
  return matchesWhereSwept(swept, where);
}

/** A row whose swept values agree with every hyperparameter `where` fixes (baseline rows too). */
function matchesWhereSwept(swept: SweptValues, where: PivotSpec["where"]): boolean {
  if (!where) return true;
  for (const [k, v] of Object.entries(where)) {
    if (k === "N" || k === "eps" || k === "alpha" || v === undefined) continue;
    if (swept[k as HyperKey] !== v) return false;
  }
  return true;
}

/** The baseline's activation key among the rows' activations (exactly, or by a name only one activation has). */
function resolveBaselineKey(baseline: string, activationKeys: readonly string[]): string | null {
  const keys = [...new Set(activationKeys)];
  if (keys.includes(baseline)) return baseline;
  const byName = keys.filter((k) => k === baseline || k.startsWith(`${baseline}|`));
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    const message = `baseline '${baseline}' matches several rows (${byName.join(", ")}); name one by its key`;
    throw new GemSweepError(ErrorCode.INVALID_INPUT, message, {
      issues: [{ path: "baseline", message }],
    });
  }
  return null;
}

/** What the table's numbers are: the comparison trials; for two stages, also what stage 1 chose them with. */
function stageOf(tuning: PlanTuning | null): TableStage {
  if (!tuning)
    return { shown: "compare", tuned: null, note: "one stage: every trial of the sweep" };
  const settings = Math.max(0, ...Object.values(tuning.settings).map((n) => n ?? 0));
  return {
    shown: "compare",
    tuned: { over: [...tuning.over], metric: "validation", settings, scheduler: tuning.scheduler.strategy },
    note: `stage 2 (comparison) trials on the test metric; ${tuning.over.join(", ")} chosen per config by stage 1 (tuning: ${settings} settings on validation, scheduler ${tuning.scheduler.strategy}; marked *)`,
  };
}

