// Why: which parameters a sweep varied and the metric at each value, read from the table rows' activation (and hyperparameter) values, never from a row key.
import { ACTIVATION_PARAMS, PARAM_SYMBOLS, type ActivationParam } from "@gemsweep/contracts";
import type { ComparisonTableJson, TableRow } from "./api-types";

/** One point of an axis: a table row's mean at the parameter's value. */
export interface AxisPoint {
  x: number;
  mean: number;
  std: number | null;
  n: number;
  label: string;
  isBaseline: boolean;
}

/** A swept parameter of one activation family (or a hyperparameter over every row) with its points. */
export interface SweptAxis {
  /** `N`, `eps`, `alpha`, or a hyperparameter name such as `lr`. */
  param: string;
  /** The axis title: `ε (e-gem)`, `lr`. */
  title: string;
  /** The family the points belong to; null for a hyperparameter axis (all rows). */
  family: string | null;
  /** A log scale when every value is positive and they span more than a factor of 10. */
  log: boolean;
  points: AxisPoint[];
}

/** Numeric swept hyperparameters of a row (the spec's `overrides` axes: `lr: [1e-3, 3e-3]`). */
function hyperOf(row: TableRow): Record<string, number> {
  const hyper = row.swept;
  if (!hyper || typeof hyper !== "object") return {};
  return Object.fromEntries(
    Object.entries(hyper).filter(
      (e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1]),
    ),
  );
}

function axis(param: string, title: string, family: string | null, points: AxisPoint[]): SweptAxis {
  const xs = points.map((p) => p.x);
  const log = xs.every((x) => x > 0) && Math.max(...xs) / Math.min(...xs) > 10;
  return { param, title, family, log, points: [...points].sort((a, b) => a.x - b.x) };
}

/**
 * Every parameter the table's rows take at least two values of, with the mean (± std over seeds)
 * of each row in column `column`: activation parameters per family (N, ε, α of GEM / E-GEM /
 * SE-GEM), hyperparameters across all rows. Rows without a mean yet are left out.
 */
export function sweptAxesOf(table: ComparisonTableJson, column: number): SweptAxis[] {
  const byFamilyParam = new Map<string, { param: string; family: string; points: AxisPoint[] }>();
  const byHyper = new Map<string, AxisPoint[]>();
  for (const row of table.rows) {
    const cell = row.cells[column];
    if (!cell || cell.mean === null) continue;
    const point = (x: number): AxisPoint => ({
      x,
      mean: cell.mean!,
      std: cell.std,
      n: cell.n,
      label: row.label,
      isBaseline: row.isBaseline,
    });
    const activation = row.activation;
    if (activation) {
      for (const param of ACTIVATION_PARAMS) {
        const value = activation[param];
        if (value === undefined) continue;
        const id = `${activation.name}|${param}`;
        const entry = byFamilyParam.get(id) ?? { param, family: activation.name, points: [] };
        entry.points.push(point(value));
        byFamilyParam.set(id, entry);
      }
    }
    for (const [name, value] of Object.entries(hyperOf(row)))
      byHyper.set(name, [...(byHyper.get(name) ?? []), point(value)]);
  }
  const distinct = (points: AxisPoint[]) => new Set(points.map((p) => p.x)).size;
  const axes: SweptAxis[] = [];
  for (const { param, family, points } of byFamilyParam.values()) {
    if (distinct(points) >= 2)
      axes.push(
        axis(param, `${PARAM_SYMBOLS[param as ActivationParam]} (${family})`, family, points),
      );
  }
  for (const [name, points] of byHyper)
    if (distinct(points) >= 2) axes.push(axis(name, name, null, points));
  return axes;
}
