import {
  activationNameSchema,
  activationSchema,
  ACTIVATION_PARAMS,
  benchmarkNameSchema,
  HYPER_KEYS,
  hyperSchema,
  type Activation,
  type ActivationName,
  type ActivationParam,
  type BenchmarkName,
  type Direction,
  type Hyper,
  type HyperKey,
  type MetricName,
} from "@gemsweep/contracts";
import * as z from "zod";
import type { SweptValues } from "../overrides/swept-values.js";

// A sweep's plan: what the spec expanded to, computed once at submit and stored with the sweep.
// Tables, pruning and the dashboard read it and never re-parse the submitted spec, so a sweep
// stored today keeps its table when the spec schema grows. A stored plan is versioned; a change
// to its shape bumps PLAN_VERSION and teaches readPlan (read-plan.ts) to upgrade the old one.
//   1: rows are activation configs.
//   2: rows are activation configs x swept hyperparameters (`swept`), configs name what stage 1
//      tunes (`tuned`), the plan has the tuning stage (`tuning`) and ASHA as a pruner.

export const PLAN_VERSION = 2;

/** One row of the sweep's comparison table: an activation config and the swept hyperparameters' values. */
export interface PlanRow {
  /** Canonical key (`e-gem|N=1|eps=0.01|lr=0.003`): for indexing and display, never parsed back. */
  key: string;
  label: string;
  activation: Activation;
  /** The values of the swept hyperparameters that are table axes ({} when none is). */
  swept: SweptValues;
}

/** One column: a benchmark with its metric and direction as they were at submit. */
export interface PlanColumn {
  benchmark: BenchmarkName;
  title: string;
  metric: MetricName;
  direction: Direction;
}

/** One benchmark x row: what its trials train (every seed of it shares the config key). */
export interface PlanConfig {
  /** Stored on each trial; unique per (sweep, config, seed) with the seed. */
  configKey: string;
  benchmark: BenchmarkName;
  rowKey: string;
  activation: Activation;
  /** Resolved hyperparameters; in a two-stage sweep, the tuned ones at their defaults (stage 1 chooses them). */
  hyper: Hyper;
  /** What stage 1 tunes for this config ([] in one stage). */
  tuned: HyperKey[];
}

/** An ablation the table can pivot on: rows = the values of one parameter (or swept hyperparameter) of one family. */
export interface PlanPivot {
  by: ActivationParam | HyperKey;
  family: ActivationName;
  values: number[];
}

export type PlanPruner =
  | { strategy: "none" }
  | { strategy: "median"; warmupEpochs: number; minTrials: number }
  | { strategy: "asha"; reductionFactor: number; minResource: number; maxResource?: number | undefined; brackets: number };

/** Stage 1 of a two-stage sweep, as planned at submit. */
export interface PlanTuning {
  over: HyperKey[];
  metric: "validation";
  sampler: "grid" | "random";
  /** The sampler's seed. */
  seed: number;
  /** Settings each config tries, per benchmark. */
  settings: Partial<Record<BenchmarkName, number>>;
  seeds: number[];
  /** Early stopping of tuning trials. */
  scheduler: PlanPruner;
  /** Tuning trials over all configs. */
  trials: number;
}

export interface SweepPlan {
  version: typeof PLAN_VERSION;
  name: string;
  baselineKey: string;
  rows: PlanRow[];
  columns: PlanColumn[];
  configs: PlanConfig[];
  /** The comparison seeds. */
  seeds: number[];
  pivots: PlanPivot[];
  /** A one-stage sweep's pruner ({ strategy: none } in a two-stage sweep: its comparison never stops early). */
  pruner: PlanPruner;
  /** The swept hyperparameters that are table axes, in canonical order (one CSV column each). */
  swept: HyperKey[];
  /** The tuning stage; null for a one-stage sweep. */
  tuning: PlanTuning | null;
}

const rowV1Schema = z.object({ key: z.string(), label: z.string(), activation: activationSchema });
const columnSchema = z.object({
  benchmark: benchmarkNameSchema,
  title: z.string(),
  metric: z.enum(["accuracy", "perplexity", "loss", "none"]),
  direction: z.enum(["max", "min"]),
});
const configV1Schema = z.object({
  configKey: z.string(),
  benchmark: benchmarkNameSchema,
  rowKey: z.string(),
  activation: activationSchema,
  hyper: hyperSchema,
});
const noneOrMedian = [
  z.object({ strategy: z.literal("none") }),
  z.object({ strategy: z.literal("median"), warmupEpochs: z.int(), minTrials: z.int() }),
] as const;

/** The stored plan of version 1, as read back from the database (a trust boundary). */
export const planV1Schema = z.object({
  version: z.literal(1),
  name: z.string(),
  baselineKey: z.string(),
  rows: z.array(rowV1Schema),
  columns: z.array(columnSchema),
  configs: z.array(configV1Schema),
  seeds: z.array(z.int()),
  pivots: z.array(
    z.object({ by: z.enum(ACTIVATION_PARAMS), family: activationNameSchema, values: z.array(z.number()) }),
  ),
  pruner: z.discriminatedUnion("strategy", [...noneOrMedian]),
});
export type SweepPlanV1 = z.output<typeof planV1Schema>;

const hyperKeySchema = z.enum(HYPER_KEYS as [HyperKey, ...HyperKey[]]);
const hyperValueSchema = z.union([z.number(), z.string(), z.array(z.number())]);
const sweptSchema = z.partialRecord(hyperKeySchema, hyperValueSchema) as unknown as z.ZodType<SweptValues>;
const prunerSchema = z.discriminatedUnion("strategy", [
  ...noneOrMedian,
  z.object({
    strategy: z.literal("asha"),
    reductionFactor: z.int(),
    minResource: z.int(),
    maxResource: z.int().optional(),
    brackets: z.int(),
  }),
]);

/** The stored plan of version 2. */
export const planV2Schema = z.object({
  version: z.literal(2),
  name: z.string(),
  baselineKey: z.string(),
  rows: z.array(rowV1Schema.extend({ swept: sweptSchema })),
  columns: z.array(columnSchema),
  configs: z.array(configV1Schema.extend({ tuned: z.array(hyperKeySchema) })),
  seeds: z.array(z.int()),
  pivots: z.array(
    z.object({ by: z.union([z.enum(ACTIVATION_PARAMS), hyperKeySchema]), family: activationNameSchema, values: z.array(z.number()) }),
  ),
  pruner: prunerSchema,
  swept: z.array(hyperKeySchema),
  tuning: z
    .object({
      over: z.array(hyperKeySchema),
      metric: z.literal("validation"),
      sampler: z.enum(["grid", "random"]),
      seed: z.int(),
      settings: z.partialRecord(benchmarkNameSchema, z.int()),
      seeds: z.array(z.int()),
      scheduler: prunerSchema,
      trials: z.int(),
    })
    .nullable(),
}) satisfies z.ZodType<SweepPlan>;
