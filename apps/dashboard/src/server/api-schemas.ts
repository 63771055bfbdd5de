// Why: the HTTP API's zod schemas: handlers parse queries with them, /api/openapi.json and the pages' types derive from them.
import { ACTIVATION_NAMES, BACKEND_NAMES, CURVE_SPLITS, HYPER_KEYS, SWEEP_STATUSES, TRIAL_STAGES, TRIAL_STATUSES, WORKER_STATUSES } from "@gemsweep/contracts";
import * as z from "zod";
import { TABLE_FORMATS, tableStyleSchema } from "@gemsweep/core";
import { activationValueSchema } from "./table-schemas";
import { reproSchema } from "./research-schemas";

const intParam = (min: number, max: number, fallback: number) =>
  z.coerce.number().int(`must be an integer`).min(min, `must be >= ${min}`).max(max, `must be <= ${max}`).default(fallback);

export const paginationQuerySchema = z.strictObject({
  limit: intParam(1, 500, 50).describe("page size (1-500)"),
  offset: intParam(0, 10_000_000, 0).describe("rows to skip"),
});

export const trialsQuerySchema = paginationQuerySchema.extend({
  status: z.enum(TRIAL_STATUSES).optional().describe("only trials in this state"),
  stage: z.enum(TRIAL_STAGES).optional().describe("only trials of this stage: TUNE (stage 1) or COMPARE"),
});

/** What a pivot may be by: an activation parameter or a swept hyperparameter. */
const PIVOT_PARAMS = ["N", "eps", "alpha", ...HYPER_KEYS].join("|");
const PIVOT = new RegExp(`^(${PIVOT_PARAMS}):([a-z-]+)$`);
const WHERE = new RegExp(`^(${PIVOT_PARAMS})=[0-9.eE+-]+(,(${PIVOT_PARAMS})=[0-9.eE+-]+)*$`);

export const tableQuerySchema = z.strictObject({
  format: z.enum(TABLE_FORMATS).default("json").describe("json, csv (download), md or tex"),
  metric: z.enum(["final", "best"]).default("final").describe("each trial's metric at the last epoch (final) or its best epoch (best)"),
  style: tableStyleSchema.default("default").describe("paper: accuracy in %, the gap to the baseline in points, dead and near-dead units per row (every format)"),
  pivot: z
    .string()
    .regex(PIVOT, "expected PARAM:FAMILY, e.g. eps:e-gem, N:gem or lr:e-gem")
    .refine((v) => (ACTIVATION_NAMES as readonly string[]).includes(v.split(":")[1] ?? ""), "unknown activation family")
    .optional()
    .describe("ablation view: rows are the values of one parameter (or swept hyperparameter) within one family, e.g. eps:e-gem, lr:e-gem"),
  where: z.string().regex(WHERE, "expected PARAM=VALUE[,PARAM=VALUE], e.g. N=1").optional().describe("with pivot: fix the family's other parameters"),
  baseline: z.string().min(1).max(400).optional().describe("activation key or name to compare against (default: the spec's)"),
});
export type TableQuery = z.output<typeof tableQuerySchema>;

export const previewQuerySchema = z.strictObject({
  backend: z.enum(BACKEND_NAMES).default("wasm").describe("the backend the compute estimate is for (auto is estimated as wasm)"),
});

export const workersQuerySchema = z.strictObject({
  aliveWithinSec: intParam(1, 86_400 * 30, 120).describe("only workers with a heartbeat this recent"),
  all: z.enum(["0", "1", "true", "false"]).optional().describe("1: every registered worker, stopped ones included"),
});


export const curvesQuerySchema = z.strictObject({
  limit: intParam(1, 2000, 200).describe("most configs to return (spec order)"),
  split: z.enum(CURVE_SPLITS).default("test").describe("which metric the curves follow: test, or val (trials run with a validation split)"),
});

/** Sweeps to compare: `ids=a,b[,c…]` (2 to 8 sweeps, each an id, a unique id prefix or a name). */
export const compareQuerySchema = z.strictObject({
  ids: z
    .string()
    .describe("comma-separated sweeps, 2 to 8: each a sweep id, a unique prefix of one (>= 4 hex digits) or a name (its newest sweep)")
    .transform((v) => v.split(",").map((id) => id.trim()).filter((id) => id !== ""))
    .pipe(z.array(z.string().max(200, "at most 200 characters")).min(2, "give at least two sweeps").max(8, "at most 8 sweeps at once")),
  metric: z.enum(["final", "best"]).default("final").describe("each trial's metric at the last epoch (final) or its best epoch (best)"),
});
export type CompareQuery = z.output<typeof compareQuerySchema>;

export const errorBodySchema = z
  .object({ errors: z.array(z.object({ path: z.string().describe("dotted path of the bad field, '' for the whole input"), message: z.string() })) })
  .meta({ id: "ErrorBody" });

export const statusCountsSchema = z
  .object(Object.fromEntries(TRIAL_STATUSES.map((s) => [s, z.int()])) as Record<(typeof TRIAL_STATUSES)[number], z.ZodInt>)
  .meta({ id: "StatusCounts", description: "trials of the sweep in each state" });

export const sweepSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    status: z.enum(SWEEP_STATUSES),
    baseline: z.string(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    counts: statusCountsSchema,
    total: z.int(),
  })
  .meta({ id: "SweepSummary" });

export const sweepListSchema = z.object({ sweeps: z.array(sweepSummarySchema), limit: z.int(), offset: z.int(), total: z.int().describe("every sweep stored") }).meta({ id: "SweepList" });

export const sweepDetailSchema = sweepSummarySchema
  .extend({ spec: z.unknown().describe("the spec exactly as submitted (after YAML parsing); it was a valid SweepSpec then") })
  .meta({ id: "SweepDetail" });

export const cancelledSchema = z.object({ id: z.string(), cancelled: z.int().describe("trials that had not ended and were cancelled") }).meta({ id: "SweepCancelled" });
export const requeuedSchema = z.object({ id: z.string(), requeued: z.int().describe("trials put back on the queue") }).meta({ id: "SweepRequeued" });
export const drainingSchema = z.object({ id: z.string(), status: z.enum(WORKER_STATUSES).describe("DRAINING once asked; a stopped worker stays STOPPED") }).meta({ id: "WorkerDraining" });

export const sweepCreatedSchema = z.object({ id: z.uuid(), trials: z.int().describe("trials enqueued") }).meta({ id: "SweepCreated" });

export const trialRowSchema = z
  .object({
    id: z.uuid(),
    benchmark: z.string(),
    activation: z.string(),
    n: z.int().nullable(),
    eps: z.number().nullable(),
    alpha: z.number().nullable(),
    seed: z.int(),
    configKey: z.string(),
    status: z.enum(TRIAL_STATUSES),
    finalMetric: z.number().nullable().describe("the reported metric (test; validation for bert-small) at the last epoch"),
    bestMetric: z.number().nullable().describe("the reported metric at bestEpoch; null when the trial ran without validation"),
    bestEpoch: z.int().nullable().describe("the epoch with the best validation metric; null when the trial ran without validation"),
    epochsDone: z.int(),
    attempts: z.int(),
    error: z.string().nullable().describe("why it failed, or why it was stopped early (a pruned trial's reason)"),
    stage: z.enum(TRIAL_STAGES).describe("TUNE (stage 1 of a tune-then-compare sweep) or COMPARE"),
    sample: z.int().nullable().describe("a tuning trial's setting number within its config"),
    rung: z.int().nullable().describe("the highest ASHA rung the trial was decided at (promoted from, or stopped at)"),
    values: z.record(z.string(), z.unknown()).describe("the swept hyperparameters it trains with (its row's, its tuning setting, or its config's chosen setting)"),
  })
  .meta({ id: "TrialRow" });

export const trialPageSchema = z.object({ trials: z.array(trialRowSchema), total: z.int(), limit: z.int(), offset: z.int() }).meta({ id: "TrialPage" });

/** Per-layer activation health at one epoch (what the trainer measures; extra fields pass through). */
export const layerHealthSchema = z
  .looseObject({
    site: z.string().optional(),
    layer: z.string().optional(),
    units: z.number().optional(),
    deadUnits: z.number().optional(),
    deadFraction: z.number().optional().describe("units whose output and gradient were exactly zero over the health batch"),
    nearDeadUnits: z.number().optional(),
    nearDeadFraction: z.number().optional().describe("units whose pre-activation was negative on >= 99% of the health batch's examples (and positions)"),
  })
  .meta({ id: "LayerHealth" });

export const epochSchema = z.object({
  id: z.uuid(),
  trialId: z.uuid(),
  epoch: z.int(),
  loss: z.number().nullable().describe("selection loss: the validation split's, or the test split's for a trial without validation"),
  metric: z.number().nullable().describe("selection metric (what pruning and curves read): validation's, or test's without validation"),
  valMetric: z.number().nullable().describe("the benchmark's metric on the validation split; null without validation"),
  valLoss: z.number().nullable().describe("mean cross-entropy on the validation split; null without validation"),
  testMetric: z.number().nullable().describe("the benchmark's metric on the test split"),
  testLoss: z.number().nullable().describe("mean cross-entropy on the test split"),
  lr: z.number().nullable().describe("the learning rate of the epoch's last update"),
  trainLoss: z.number().nullable(),
  samplesPerSec: z.number().nullable(),
  epochSeconds: z.number().nullable(),
  gradNorm: z.number().nullable(),
  health: z.array(layerHealthSchema).nullable().describe("per-layer activation health"),
  deadFraction: z.number().nullable().describe("over all activation sites (units weighted equally): units whose output and gradient were exactly zero over the health batch; null when not recorded"),
  nearDeadFraction: z.number().nullable().describe("over all activation sites: units whose pre-activation was negative on >= 99% of the health batch's examples (and positions); null when not recorded"),
  attemptId: z.string().nullable(),
  recordedAt: z.iso.datetime(),
}).meta({ id: "EpochRow" });

export const attemptSchema = z.object({
  id: z.uuid(),
  trialId: z.uuid(),
  number: z.int(),
  workerId: z.string().nullable(),
  status: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  error: z.string().nullable(),
  checkpoint: z.string().nullable(),
  repro: reproSchema.nullable().describe("what the attempt ran with, recorded at its start; null for attempts older than the record"),
}).meta({ id: "AttemptRow" });

export const trialConfigSchema = z
  .looseObject({
    activation: activationValueSchema,
    hyper: z.record(z.string(), z.unknown()).describe("the hyperparameters the trial trains with"),
    activationKey: z.string().optional(),
    rowKey: z.string().optional().describe("its table row: the activation key and the swept values"),
    values: z.record(z.string(), z.unknown()).optional().describe("the swept values of its row"),
    setting: z.record(z.string(), z.unknown()).optional().describe("a tuning trial's tuned values"),
    chosen: z.record(z.string(), z.unknown()).optional().describe("a comparison trial's setting, chosen by stage 1"),
  })
  .meta({ id: "TrialConfig", description: "the resolved config the worker trains" });

export const trialDetailSchema = trialRowSchema
  .omit({ attempts: true, values: true })
  .extend({
    sweepId: z.uuid(),
    config: trialConfigSchema,
    groupKey: z.string().nullable().describe("the comparison config it belongs to: its own key (COMPARE), or the config it tunes (TUNE)"),
    finalLoss: z.number().nullable(),
    validation: z.string().describe("where the validation numbers come from, or 'no validation' (then there is no best epoch)"),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    attempts: z.array(attemptSchema),
    epochs: z.array(epochSchema),
  })
  .meta({ id: "TrialDetail" });

export const curvePointSchema = z.object({ epoch: z.int(), mean: z.number(), std: z.number().nullable(), min: z.number(), max: z.number(), n: z.int() }).meta({ id: "CurvePoint" });
export const curveSchema = z
  .object({
    benchmark: z.string(),
    configKey: z.string(),
    activationKey: z.string().describe("the table row this curve belongs to"),
    activation: activationValueSchema.nullable(),
    label: z.string(),
    points: z.array(curvePointSchema),
  })
  .meta({ id: "Curve" });
export const curvesSchema = z
  .object({
    metric: z.string().describe("what the points measure"),
    split: z.enum(CURVE_SPLITS),
    splits: z.array(z.enum(CURVE_SPLITS)).describe("the splits this server's storage can answer"),
    curves: z.array(curveSchema),
  })
  .meta({ id: "Curves" });

export const workerSchema = z
  .object({
    id: z.string(),
    host: z.string(),
    pid: z.int().nullable(),
    backend: z.string(),
    device: z.string(),
    concurrency: z.int(),
    status: z.enum(WORKER_STATUSES),
    currentTrialId: z.string().nullable(),
    startedAt: z.iso.datetime(),
    lastHeartbeat: z.iso.datetime(),
    alive: z.boolean(),
    trialsDone: z.int().describe("attempts this worker finished"),
    samplesPerSec: z.number().nullable().describe("mean samples/s of its epochs in the last 10 minutes"),
  })
  .meta({ id: "Worker" });

export const workerListSchema = z.object({ workers: z.array(workerSchema) }).meta({ id: "WorkerList" });

export const healthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  redis: z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() }),
  postgres: z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() }),
}).meta({ id: "Health" });

const stageSummarySchema = z.object({ trials: z.int(), perConfig: z.number(), seeds: z.array(z.int()) });

export const previewSchema = z.union([
  z.object({
    ok: z.literal(true),
    summary: z.object({
      trials: z.int().describe("every trial, both stages"),
      configs: z.int(),
      gridTrials: z.int(),
      benchmarks: z.int(),
      seeds: z.int(),
      baselineKey: z.string(),
      tableShape: z.object({ rows: z.int(), cols: z.int() }),
      stages: z.object({
        tune: stageSummarySchema.extend({ over: z.array(z.string()), settings: z.int(), scheduler: z.string() }).nullable(),
        compare: stageSummarySchema,
      }),
      swept: z.array(z.string()).describe("hyperparameters swept as table axes"),
      estimate: z.object({
        backend: z.string(),
        stages: z.array(
          z.object({
            stage: z.enum(["tune", "compare"]),
            trials: z.int(),
            epochs: z.number(),
            seconds: z.number().nullable().describe("one worker, no early stopping; null: no measured throughput"),
            epochsWithEarlyStopping: z.number().nullable(),
            secondsWithEarlyStopping: z.number().nullable(),
          }),
        ),
        benchmarks: z.array(z.object({ benchmark: z.string(), epochSeconds: z.number().nullable(), basis: z.string().describe("where the samples/s figure was measured, or why it is unknown") })),
        seconds: z.number().nullable(),
        note: z.string(),
      }),
    }),
    plan: z.string().describe("the dry run's report, as `gemsweep run --dry-run` prints it"),
  }),
  z.object({ ok: z.literal(false), errors: errorBodySchema.shape.errors }),
]).meta({ id: "SpecPreview" });

export const tuningSchema = z
  .object({
    stages: z.int().describe("2 for a tune-then-compare sweep; 1: no tuning stage (no groups)"),
    over: z.array(z.string()),
    scheduler: z
      .looseObject({ strategy: z.string() })
      .nullable()
      .describe("the tuning scheduler: none, median, or asha with its parameters (reductionFactor, minResource, maxResource, brackets)"),
    stoppedEarly: z.int().describe("tuning trials the scheduler stopped early"),
    groups: z.array(
      z.object({
        configKey: z.string(),
        benchmark: z.string(),
        rowKey: z.string(),
        label: z.string(),
        choice: z
          .object({
            values: z.record(z.string(), z.unknown()).nullable().describe("the chosen setting; null: no tuning trial gave a finite validation metric"),
            sample: z.int().nullable(),
            score: z.number().nullable().describe("the chosen setting's validation metric"),
            trials: z.int(),
            completed: z.int(),
            reason: z.string(),
            decidedAt: z.iso.datetime(),
          })
          .nullable()
          .describe("null while the config's tuning trials run"),
        trials: z.array(
          z.object({
            id: z.uuid(),
            sample: z.int(),
            seed: z.int(),
            status: z.enum(TRIAL_STATUSES),
            setting: z.record(z.string(), z.unknown()),
            rung: z.int().nullable(),
            epochsDone: z.int(),
            score: z.number().nullable().describe("validation metric at its last epoch"),
            error: z.string().nullable(),
          }),
        ),
        compare: statusCountsSchema.describe("the config's comparison trials by status"),
      }),
    ),
  })
  .meta({ id: "SweepTuning" });
