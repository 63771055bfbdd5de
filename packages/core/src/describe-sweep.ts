import { ErrorCode, GemSweepError, type ErrorIssue } from "@gemsweep/contracts";
import { computeEstimate, type ComputeEstimate } from "./estimate/compute-estimate.js";
import { expandConfigs } from "./expand.js";
import { planSweep } from "./plan/plan-sweep.js";
import { parseSpec, type SweepSpec } from "./spec.js";

export interface StageSummary {
  /** Trials of the stage over all configs. */
  trials: number;
  /** Trials per comparison config. */
  perConfig: number;
  seeds: number[];
}

export interface SweepSummary {
  /** Trials that will run (after the search strategy's selection), both stages. */
  trials: number;
  /** Benchmark x row configs that will run (the comparison's). */
  configs: number;
  /** Comparison trials of the full grid, before any sampling. */
  gridTrials: number;
  benchmarks: number;
  /** Comparison seeds. */
  seeds: number;
  baselineKey: string;
  /** The comparison table: rows = activation configs x swept values, cols = benchmarks. */
  tableShape: { rows: number; cols: number };
  /** Per stage: stage 1 (tuning; null for a one-stage sweep) and the comparison. */
  stages: {
    tune: (StageSummary & { over: string[]; settings: number; scheduler: string }) | null;
    compare: StageSummary;
  };
  /** Hyperparameters swept as table axes. */
  swept: string[];
  /** What it costs on one worker of the given backend (wasm unless asked). */
  estimate: ComputeEstimate;
}

/** Counts for the dashboard's live preview of a spec and `gemsweep run --dry-run`. */
export function describeSweep(spec: SweepSpec, backend = "wasm"): SweepSummary {
  const { plan, trials } = planSweep(spec);
  const tuneTrials = trials.filter((t) => t.stage === "TUNE").length;
  const configs = plan.configs.length;
  return {
    trials: trials.length,
    configs,
    gridTrials: expandConfigs(spec).length * spec.seeds.length,
    benchmarks: plan.columns.length,
    seeds: plan.seeds.length,
    baselineKey: plan.baselineKey,
    tableShape: { rows: plan.rows.length, cols: plan.columns.length },
    stages: {
      tune: plan.tuning
        ? {
            trials: tuneTrials,
            perConfig: configs === 0 ? 0 : tuneTrials / configs,
            seeds: plan.tuning.seeds,
            over: plan.tuning.over,
            settings: Math.max(0, ...Object.values(plan.tuning.settings).map((n) => n ?? 0)),
            scheduler: plan.tuning.scheduler.strategy,
          }
        : null,
      compare: { trials: trials.length - tuneTrials, perConfig: plan.seeds.length, seeds: plan.seeds },
    },
    swept: plan.swept,
    estimate: computeEstimate(trials, backend, plan.tuning?.scheduler ?? null),
  };
}

export type SpecPreview =
  { ok: true; spec: SweepSpec; summary: SweepSummary } | { ok: false; errors: ErrorIssue[] };

/** parseSpec + describeSweep that never throws on bad input: what an editor shows as you type. */
export function previewSpec(input: unknown, backend = "wasm"): SpecPreview {
  try {
    const spec = parseSpec(input);
    return { ok: true, spec, summary: describeSweep(spec, backend) };
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
