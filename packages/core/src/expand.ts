import {
  ErrorCode,
  GemSweepError,
  hyperSchema,
  parseOrThrow,
  type Activation,
  type BenchmarkName,
  type Hyper,
  type HyperKey,
  type TrialStage,
} from "@gemsweep/contracts";
import { expandActivationGrid, type GridActivation } from "./activation-grid.js";
import { withRecipe, type SweepDevice } from "./benchmarks.js";
import { axisCombinations, benchmarkSpaceOf } from "./overrides/hyper-space.js";
import { rowKeyOf, sweptLabel, type SweptValues } from "./overrides/swept-values.js";
import { matchBaseline, type SweepSpec } from "./spec.js";

// Deterministic expansion of a parsed spec: benchmarks (spec order) x activation configs (spec
// order, grid axes N -> eps -> alpha, equal configs deduped) x swept hyperparameters that are
// table axes (canonical order, the last varying fastest) x seeds (spec order). A two-stage
// spec adds each config's tuning trials (search/protocol-trials.ts).

/** One benchmark x table row: what a table cell aggregates over seeds. */
export interface SweepConfig {
  /** `${benchmark}|${rowKey}`, stable across runs, e.g. `fashion-mnist-mlp|e-gem|N=1|eps=0.01|lr=0.003`. */
  configKey: string;
  /** The activation part of the key, e.g. `e-gem|N=1|eps=0.01`. */
  activationKey: string;
  /** The table row: the activation key and the swept values, e.g. `e-gem|N=1|eps=0.01|lr=0.003`. */
  rowKey: string;
  benchmark: BenchmarkName;
  /** Every parameter the activation takes, defaults filled. */
  activation: Activation;
  /** The values of the swept hyperparameters that are table axes ({} when none is). */
  values: SweptValues;
  /** Benchmark defaults merged with the overrides and the row's values, validated (tuned ones at their defaults until stage 1 chooses). */
  hyper: Hyper;
  /** The hyperparameters stage 1 tunes for this config ([] in a one-stage sweep). */
  tuned: HyperKey[];
  /** Index of the spec's activation entry it came from. */
  entry: number;
}

/** One trial the plan creates: a config, a seed and its stage. */
export interface PlannedTrial extends SweepConfig {
  seed: number;
  stage: TrialStage;
  /** The comparison config's key: its own for COMPARE, the config it tunes for TUNE. */
  groupKey: string;
  /** A tuning trial's setting number within its config; null for COMPARE. */
  sample: number | null;
  /** WAITING: a comparison trial of a two-stage sweep (it runs once its config's tuning has chosen). */
  status: "QUEUED" | "WAITING";
  /** A tuning trial's tuned values (already in `hyper`); {} for COMPARE. */
  setting: SweptValues;
}

export function configKeyOf(benchmark: string, rowKey: string): string {
  return `${benchmark}|${rowKey}`;
}

/** A tuning trial's config key: its comparison config's key and its setting number. */
export function tuningConfigKeyOf(groupKey: string, sample: number): string {
  return `${groupKey}#tune=${sample}`;
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

/** A trial's complete hyperparameters: the benchmark's recipe with the fixed overrides and the swept values applied; validated. */
export function resolveHyper(benchmark: BenchmarkName, fixed: Readonly<Record<string, unknown>>, values: SweptValues, device: SweepDevice = "cpu"): Hyper {
  // the recipe (its GPU defaults for a `device: gpu` sweep) applies its own rules (a recipe's
  // milestones keep their share of a changed epochs)
  const merged = withRecipe(benchmark, { ...fixed, ...values } as Partial<Hyper>, device);
  const at = sweptLabel(values);
  return parseOrThrow(hyperSchema, merged, `hyperparameters of ${benchmark}${at ? ` at ${at}` : ""}`, ErrorCode.INVALID_SPEC);
}

/** All benchmark x row configs of the spec (the comparison configs), without seeds. */
export function expandConfigs(spec: SweepSpec): SweepConfig[] {
  const grid = activationGridOf(spec);
  const tuneOver = spec.tune?.over ?? [];
  const out: SweepConfig[] = [];
  for (const benchmark of spec.benchmark) {
    const space = benchmarkSpaceOf(spec.overrides, benchmark, tuneOver);
    const rows = axisCombinations(space.rowAxes);
    const hyperOfRow = rows.map((values) => resolveHyper(benchmark, space.fixed, values, spec.device));
    for (const g of grid) {
      rows.forEach((values, i) => {
        const rowKey = rowKeyOf(g.key, values);
        out.push({
          configKey: configKeyOf(benchmark, rowKey),
          activationKey: g.key,
          rowKey,
          benchmark,
          activation: { ...g.config },
          values: { ...values },
          hyper: { ...hyperOfRow[i]! },
          tuned: [...tuneOver],
          entry: g.entry,
        });
      });
    }
  }
  return out;
}
