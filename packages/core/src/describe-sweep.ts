import { ErrorCode, GemSweepError, type ErrorIssue } from "@gemsweep/contracts";
import { expandConfigs } from "./expand.js";
import { planSweep } from "./plan/plan-sweep.js";
import { parseSpec, type SweepSpec } from "./spec.js";

export interface SweepSummary {
  /** Trials that will run (after the search strategy's selection). */
  trials: number;
  /** Benchmark x activation configs that will run. */
  configs: number;
  /** Trials of the full grid, before any sampling. */
  gridTrials: number;
  benchmarks: number;
  seeds: number;
  baselineKey: string;
  /** The comparison table: rows = activation configs, cols = benchmarks. */
  tableShape: { rows: number; cols: number };
}

/** Counts for the dashboard's live preview of a spec. */
export function describeSweep(spec: SweepSpec): SweepSummary {
  const { plan, trials } = planSweep(spec);
  return {
    trials: trials.length,
    configs: plan.configs.length,
    gridTrials: expandConfigs(spec).length * spec.seeds.length,
    benchmarks: plan.columns.length,
    seeds: plan.seeds.length,
    baselineKey: plan.baselineKey,
    tableShape: { rows: plan.rows.length, cols: plan.columns.length },
  };
}

export type SpecPreview =
  { ok: true; spec: SweepSpec; summary: SweepSummary } | { ok: false; errors: ErrorIssue[] };

/** parseSpec + describeSweep that never throws on bad input: what an editor shows as you type. */
export function previewSpec(input: unknown): SpecPreview {
  try {
    const spec = parseSpec(input);
    return { ok: true, spec, summary: describeSweep(spec) };
  } catch (err) {
    if (
      err instanceof GemSweepError &&
      (err.code === ErrorCode.INVALID_SPEC || err.code === ErrorCode.INVALID_INPUT)
    ) {
      return { ok: false, errors: err.issues };
    }
    throw err;
  }
}
