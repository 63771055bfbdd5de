// Why: the comparison table and the sweep comparison as zod schemas, so the OpenAPI document and the pages' types share one definition.
import { ACTIVATION_NAMES, ACTIVATION_PARAMS, HYPER_KEYS } from "@gemsweep/contracts";
import * as z from "zod";

/** Swept hyperparameters' values, e.g. { lr: 0.003 }. */
export const sweptValuesSchema = z
  .record(z.string(), z.union([z.number(), z.string(), z.array(z.number())]))
  .meta({ id: "SweptValues", description: "hyperparameter -> value (a row's swept values, or a chosen setting)" });

/** What a pivot may be by: an activation parameter or a swept hyperparameter. */
const pivotBySchema = z.enum([...ACTIVATION_PARAMS, ...HYPER_KEYS] as [string, ...string[]]);

/** One concrete activation as the API returns it: its family and the parameters that family takes. */
export const activationValueSchema = z
  .object({
    name: z.enum(ACTIVATION_NAMES),
    N: z.int().optional().describe("GEM family: the rational power N"),
    eps: z.number().optional().describe("E-GEM / SE-GEM: ε"),
    alpha: z.number().optional().describe("SE-GEM: α"),
  })
  .meta({
    id: "Activation",
    description: "an activation config as a value (never parse it from a row key)",
  });

export const comparisonCellSchema = z
  .object({
    n: z.int().describe("completed seeds with a finite metric"),
    mean: z.number().nullable(),
    std: z.number().nullable().describe("sample standard deviation; null when n < 2"),
    ci95: z.tuple([z.number(), z.number()]).nullable(),
    seeds: z.array(z.int()),
    failed: z.int().describe("trials that ended without a usable metric"),
    pending: z.int().describe("trials still queued or running"),
    noValidation: z.int().describe("completed trials left out of a best-epoch table because they ran without a validation split"),
    deadFraction: z
      .number()
      .nullable()
      .describe("mean over the cell's seeds, at the reported epoch (final, or best-validation), of the share of units whose output and derivative were exactly zero on every example of the health batch; null when not recorded"),
    nearDeadFraction: z
      .number()
      .nullable()
      .describe("the same for units whose pre-activation was negative on >= 99% of the health batch's examples (and positions)"),
    delta: z
      .number()
      .nullable()
      .describe("mean minus the baseline's mean; null on the baseline row"),
    pairs: z.int().describe("seeds both this row and the baseline completed"),
    pValue: z.number().nullable().describe("two-sided paired t-test vs the baseline"),
    pHolm: z.number().nullable().describe("Holm-adjusted across the rows of the column"),
    mark: z.string().describe("*** p < 0.001, ** < 0.01, * < 0.05 (Holm-adjusted), else empty"),
    best: z.boolean().describe("best mean of the column in the metric's direction"),
    chosen: sweptValuesSchema
      .nullable()
      .describe("a tune-then-compare sweep: the setting stage 1 chose for this cell's config, e.g. { lr: 0.003 }; null before the choice or in one stage"),
  })
  .meta({ id: "ComparisonCell" });

const directionSchema = z.enum(["max", "min"]);

const paperCellSchema = z
  .object({
    n: z.int(),
    mean: z.number().nullable().describe("in the column's unit (accuracy in %), 2 decimals"),
    std: z.number().nullable(),
    gap: z.number().nullable().describe("mean minus the baseline's (unrounded means), in points for accuracy; null on a baseline row"),
    mark: z.string(),
    best: z.boolean(),
    deadPercent: z.number().nullable().describe("dead units, % of units, mean over seeds"),
    nearDeadPercent: z.number().nullable().describe("near-dead units, % of units, mean over seeds"),
    text: z.string().describe("e.g. 92.53 ± 0.14"),
    gapText: z.string(),
    deadText: z.string(),
    nearDeadText: z.string(),
  })
  .meta({ id: "PaperCell" });

const paperTableSchema = z
  .object({
    style: z.literal("paper"),
    digits: z.int(),
    columns: z.array(
      z.object({ benchmark: z.string(), title: z.string(), metric: z.string(), direction: directionSchema, unit: z.string(), gapUnit: z.string() }),
    ),
    rows: z.array(z.object({ key: z.string(), label: z.string(), isBaseline: z.boolean(), cells: z.array(paperCellSchema) })),
    epoch: z.enum(["final", "best-validation"]),
  })
  .meta({ id: "PaperTable", description: "a table in the GEM paper's terms: accuracy in %, gap to the baseline in points, dead and near-dead %" });

export const tableColumnSchema = z
  .object({
    benchmark: z.string(),
    title: z.string(),
    metric: z.string(),
    direction: directionSchema,
  })
  .meta({ id: "TableColumn" });

export const tableRowSchema = z
  .object({
    key: z.string().describe("the plan's row key, for indexing only"),
    label: z.string(),
    activation: activationValueSchema.nullable(),
    swept: sweptValuesSchema.describe("the row's swept hyperparameters' values ({} when nothing is swept)"),
    pivotValue: z.number().nullable(),
    isBaseline: z.boolean(),
    baselineRow: z.string().nullable().describe("the row its deltas and tests compare with: the baseline's row of the same swept values"),
    cells: z.array(comparisonCellSchema).describe("aligned with columns"),
  })
  .meta({ id: "TableRow" });

const pivotChoiceSchema = z.object({
  by: pivotBySchema,
  family: z.enum(ACTIVATION_NAMES),
  values: z.array(z.number()),
});

export const comparisonTableSchema = z
  .object({
    columns: z.array(tableColumnSchema),
    rows: z.array(tableRowSchema),
    pivots: z.array(pivotChoiceSchema).describe("the ablations this sweep offers"),
    baselineKey: z.string().nullable(),
    swept: z.array(z.string()).describe("the hyperparameters swept as table axes"),
    value: z.enum(["final", "best"]),
    stage: z
      .object({
        shown: z.literal("compare"),
        tuned: z
          .object({ over: z.array(z.string()), metric: z.literal("validation"), settings: z.int(), scheduler: z.string() })
          .nullable()
          .describe("a tune-then-compare sweep's stage 1; null for one stage"),
        note: z.string(),
      })
      .describe("which trials the numbers come from: the comparison's (stage 2 of a tune-then-compare sweep)"),
    pivot: z
      .object({
        by: pivotBySchema,
        family: z.enum(ACTIVATION_NAMES),
        where: z.partialRecord(pivotBySchema, z.union([z.number(), z.string()])).optional(),
      })
      .nullable()
      .describe("the pivot applied, if any"),
    significance: z.object({
      test: z.string(),
      correction: z.string(),
      levels: z.array(z.object({ mark: z.string(), below: z.number() })),
    }),
    style: z.literal("paper").optional().describe("present with style=paper"),
    paper: paperTableSchema.optional().describe("style=paper: the cells as the paper-style table shows them"),
  })
  .meta({
    id: "ComparisonTable",
    description:
      "mean ± std over seeds per config and benchmark, Δ and Holm-corrected paired p vs the baseline",
  });

export const comparedRowSchema = z
  .object({
    key: z.string(),
    label: z.string(),
    activation: activationValueSchema.nullable(),
    cells: z
      .array(comparisonCellSchema.nullable())
      .describe("each sweep's cell, aligned with sweeps; null where the sweep has no such row"),
    baseline: z.array(z.boolean()).describe("whether the row is that sweep's baseline"),
    bestSweep: z
      .int()
      .nullable()
      .describe("index of the sweep with the best mean (null: fewer than two means)"),
  })
  .meta({ id: "ComparedRow" });

export const sweepComparisonSchema = z
  .object({
    sweeps: z.array(z.object({ id: z.uuid(), name: z.string(), baselineKey: z.string() })),
    value: z.enum(["final", "best"]),
    benchmarks: z
      .array(
        z.object({
          benchmark: z.string(),
          title: z.string(),
          metric: z.string(),
          direction: directionSchema,
          rows: z.array(comparedRowSchema),
        }),
      )
      .describe("the benchmarks every compared sweep ran"),
    unshared: z
      .array(z.object({ benchmark: z.string(), sweepIds: z.array(z.uuid()) }))
      .describe("benchmarks only some sweeps ran (not compared)"),
    spec: z
      .array(
        z.object({
          field: z.string(),
          values: z.array(z.string()).describe("per sweep"),
          differs: z.boolean(),
        }),
      )
      .describe("the spec fields of the sweeps' plans; differs marks where they disagree"),
  })
  .meta({ id: "SweepComparison" });
