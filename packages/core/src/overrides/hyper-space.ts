// Why: one benchmark's hyperparameters, read once from the spec: what is fixed, which swept
// hyperparameters are table axes (rows), and which the tuning stage searches.
import type { BenchmarkName, HyperKey, HyperValue } from "@gemsweep/contracts";
import { HYPER_KEYS } from "@gemsweep/contracts";
import { overrideFormOf, type HyperRange } from "./override-value.js";
import { overridesFor, type OverridesSpec } from "./overrides-spec.js";
import type { SweptValues } from "./swept-values.js";

/** A swept hyperparameter that is a table axis: every value runs, each a row of its own. */
export interface RowAxis {
  key: HyperKey;
  values: HyperValue[];
}

/** A hyperparameter the tuning stage searches: a grid axis, or a range to sample. */
export type TunedDimension =
  | { key: HyperKey; kind: "axis"; values: HyperValue[] }
  | { key: HyperKey; kind: "range"; range: HyperRange; int: boolean };

export interface BenchmarkSpace {
  benchmark: BenchmarkName;
  /** Overrides with one value (merged over the benchmark's defaults). */
  fixed: Partial<Record<HyperKey, HyperValue>>;
  /** Swept and not tuned: table rows, in the canonical hyperparameter order. */
  rowAxes: RowAxis[];
  /** Tuned, in `tune.over` order (empty without a tuning stage). */
  tuned: TunedDimension[];
}

/** Reads the overrides that apply to `benchmark`, splitting the swept ones by `tuneOver`. */
export function benchmarkSpaceOf(
  overrides: OverridesSpec,
  benchmark: BenchmarkName,
  tuneOver: readonly HyperKey[] = [],
): BenchmarkSpace {
  const given = overridesFor(overrides, benchmark);
  const space: BenchmarkSpace = { benchmark, fixed: {}, rowAxes: [], tuned: [] };
  for (const key of HYPER_KEYS) {
    const value = given[key];
    if (value === undefined) continue;
    const form = overrideFormOf(key, value);
    if (form.kind === "fixed") space.fixed[key] = form.value;
    else if (tuneOver.includes(key)) continue; // added below, in tune.over's order
    else if (form.kind === "axis") space.rowAxes.push({ key, values: form.values });
    // a range outside tune.over is refused by the spec's validation
  }
  for (const key of tuneOver) {
    const value = given[key];
    if (value === undefined) continue;
    const form = overrideFormOf(key, value);
    if (form.kind === "axis") space.tuned.push({ key, kind: "axis", values: form.values });
    else if (form.kind === "range") space.tuned.push({ key, kind: "range", range: form.range, int: form.int });
  }
  return space;
}

/** Every combination of the axes' values (the last axis varies fastest); one empty combination for no axes. */
export function axisCombinations(axes: readonly { key: HyperKey; values: readonly HyperValue[] }[]): SweptValues[] {
  let out: Partial<Record<HyperKey, HyperValue>>[] = [{}];
  for (const axis of axes) {
    const next: Partial<Record<HyperKey, HyperValue>>[] = [];
    for (const combo of out) for (const v of axis.values) next.push({ ...combo, [axis.key]: v });
    out = next;
  }
  return out;
}

/** The number of combinations without building them. */
export function axisCombinationCount(axes: readonly { values: readonly unknown[] }[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}
