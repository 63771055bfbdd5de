import { type Activation, type BenchmarkName, ErrorCode, GemSweepError, hyperSchema, type Hyper, parseOrThrow } from "@gemsweep/contracts";
import { expandActivationGrid, type GridActivation } from "./activation-grid.js";
import { mergeHyper } from "./benchmarks.js";
import { matchBaseline, type SweepSpec } from "./spec.js";

// Deterministic expansion of a parsed spec: benchmarks (spec order) x activation configs (spec
// order, grid axes N -> eps -> alpha, equal configs deduped) x seeds (spec order).

/** One benchmark x activation config: what a table cell aggregates over seeds. */
export interface SweepConfig {
  /** `${benchmark}|${activationKey}`, stable across runs, e.g. `fashion-mnist-mlp|e-gem|N=1|eps=0.01`. */
  configKey: string;
  /** The activation part of the key, e.g. `e-gem|N=1|eps=0.01` (a table row). */
  activationKey: string;
  benchmark: BenchmarkName;
  /** Every parameter the activation takes, defaults filled. */
  activation: Activation;
  /** Benchmark defaults merged with the spec's overrides, validated. */
  hyper: Hyper;
  /** Index of the spec's activation entry it came from. */
  entry: number;
}

/** One trial the plan creates: a config and a seed. */
export interface PlannedTrial extends SweepConfig {
  seed: number;
}

export function configKeyOf(benchmark: string, activationKey: string): string {
  return `${benchmark}|${activationKey}`;
}

/** Unique per sweep, like the database's (sweepId, configKey, seed) key. */
export function trialKeyOf(configKey: string, seed: number): string {
  return `${configKey}#seed=${seed}`;
}

export function activationGridOf(spec: SweepSpec): GridActivation[] {
  return expandActivationGrid(spec.activations);
}

/** The baseline's activation key (e.g. `gelu`), resolved against the spec's activations. */
export function baselineKeyOf(spec: SweepSpec): string {
  const grid = activationGridOf(spec);
  const found = matchBaseline(spec.baseline, grid);
  // parseSpec already checked this; a hand-built spec may not have been.
  if (!found.ok)
    throw new GemSweepError(ErrorCode.INVALID_SPEC, found.message, {
      issues: [{ path: "baseline", message: found.message }],
    });
  return found.match.key;
}

/** All benchmark x activation configs of the spec, without seeds. */
export function expandConfigs(spec: SweepSpec): SweepConfig[] {
  const grid = activationGridOf(spec);
  const out: SweepConfig[] = [];
  for (const benchmark of spec.benchmark) {
    const hyper = parseOrThrow(
      hyperSchema,
      mergeHyper(benchmark, spec.overrides, spec.device),
      `hyperparameters of ${benchmark}`,
      ErrorCode.INVALID_SPEC,
    );
    for (const g of grid) {
      out.push({
        configKey: configKeyOf(benchmark, g.key),
        activationKey: g.key,
        benchmark,
        activation: { ...g.config },
        hyper: { ...hyper },
        entry: g.entry,
      });
    }
  }
  return out;
}

/** Every (config, seed) of the full grid, each exactly once, in a deterministic order. */
export function expandSpec(spec: SweepSpec): PlannedTrial[] {
  const out: PlannedTrial[] = [];
  for (const config of expandConfigs(spec)) {
    for (const seed of spec.seeds)
      out.push({
        ...config,
        activation: { ...config.activation },
        hyper: { ...config.hyper },
        seed,
      });
  }
  return out;
}
