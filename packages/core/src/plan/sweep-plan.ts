import {
  activationNameSchema,
  activationSchema,
  ACTIVATION_PARAMS,
  benchmarkNameSchema,
  hyperSchema,
  type Activation,
  type ActivationName,
  type ActivationParam,
  type BenchmarkName,
  type Direction,
  type Hyper,
  type MetricName,
} from "@gemsweep/contracts";
import * as z from "zod";

// A sweep's plan: what the spec expanded to, computed once at submit and stored with the sweep.
// Tables, pruning and the dashboard read it and never re-parse the submitted spec, so a sweep
// stored today keeps its table when the spec schema grows. A stored plan is versioned; a change
// to its shape bumps PLAN_VERSION and teaches readPlan (read-plan.ts) to upgrade the old one.

export const PLAN_VERSION = 1;

/** One row of the sweep's comparison table: an activation config. */
export interface PlanRow {
  /** Canonical key (`e-gem|N=1|eps=0.01`): for indexing and display, never parsed back. */
  key: string;
  label: string;
  activation: Activation;
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
  hyper: Hyper;
}

/** An ablation the table can pivot on: rows = the values of one parameter of one family. */
export interface PlanPivot {
  by: ActivationParam;
  family: ActivationName;
  values: number[];
}

export interface SweepPlan {
  version: typeof PLAN_VERSION;
  name: string;
  baselineKey: string;
  rows: PlanRow[];
  columns: PlanColumn[];
  configs: PlanConfig[];
  seeds: number[];
  pivots: PlanPivot[];
  pruner: PlanPruner;
}

export type PlanPruner =
  | { strategy: "none" }
  | { strategy: "median"; warmupEpochs: number; minTrials: number };

const rowSchema = z.object({ key: z.string(), label: z.string(), activation: activationSchema });

/** The stored plan of version 1, as read back from the database (a trust boundary). */
export const planV1Schema = z.object({
  version: z.literal(1),
  name: z.string(),
  baselineKey: z.string(),
  rows: z.array(rowSchema),
  columns: z.array(
    z.object({
      benchmark: benchmarkNameSchema,
      title: z.string(),
      metric: z.enum(["accuracy", "perplexity", "loss", "none"]),
      direction: z.enum(["max", "min"]),
    }),
  ),
  configs: z.array(
    z.object({
      configKey: z.string(),
      benchmark: benchmarkNameSchema,
      rowKey: z.string(),
      activation: activationSchema,
      hyper: hyperSchema,
    }),
  ),
  seeds: z.array(z.int()),
  pivots: z.array(
    z.object({ by: z.enum(ACTIVATION_PARAMS), family: activationNameSchema, values: z.array(z.number()) }),
  ),
  pruner: z.discriminatedUnion("strategy", [
    z.object({ strategy: z.literal("none") }),
    z.object({ strategy: z.literal("median"), warmupEpochs: z.int(), minTrials: z.int() }),
  ]),
}) satisfies z.ZodType<SweepPlan>;
