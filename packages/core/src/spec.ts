import {
  ACTIVATION_PARAM_SCHEMAS,
  activationNameSchema,
  BENCHMARK_NAMES,
  benchmarkNameSchema,
  ErrorCode,
  GemSweepError,
  HYPER_KEYS,
  hyperRuleIssues,
  isHyperKey,
  parseOrThrow,
  refuseForeignParams,
  type BenchmarkName,
  type HyperKey,
} from "@gemsweep/contracts";
import * as z from "zod";
import { parseDocument } from "yaml";
import {
  expandActivationGrid,
  gridSizeUpperBound,
  type GridActivation,
} from "./activation-grid.js";
import { BENCHMARKS, SWEEP_DEVICES, withRecipe, type SweepDevice } from "./benchmarks.js";
import { axisCombinationCount, benchmarkSpaceOf } from "./overrides/hyper-space.js";
import { overrideFormOf } from "./overrides/override-value.js";
import { overridePath, overridesFor, overridesSpecSchema, type OverridesSpec } from "./overrides/overrides-spec.js";
import { RandomSampler } from "./search/random-sampler.js";

// The sweep spec (docs/architecture.md "Sweep spec") as ONE zod schema. Parsing normalizes the shorthand
// forms (benchmark string -> list, seed count -> list, activation name -> object, scheduler name
// -> object), so the parsed spec is itself a valid spec: parseSpec(parseSpec(x)) equals parseSpec(x).

/** Inputs above this size are rejected before YAML parsing. */
export const MAX_SPEC_BYTES = 256 * 1024;
/** YAML aliases allowed in one document: enough for anchors, far too few for an alias bomb. */
export const MAX_YAML_ALIASES = 50;
/** Trials one sweep may expand to (benchmarks x configs x seeds). */
export const MAX_TRIALS = 100_000;
export const DEFAULT_BASELINE = "gelu";

const GRID_MAX = 100;

function scalarOrList<T extends z.ZodNumber>(item: T, what: string) {
  return z.union([item, z.array(item).min(1).max(GRID_MAX)], {
    error: `expected ${what} or a non-empty list of them (a grid)`,
  });
}

const activationObjectSchema = z
  .strictObject({
    name: activationNameSchema,
    N: scalarOrList(ACTIVATION_PARAM_SCHEMAS.N, "an integer N >= 1").optional(),
    eps: scalarOrList(ACTIVATION_PARAM_SCHEMAS.eps, "a number eps > 0").optional(),
    alpha: scalarOrList(ACTIVATION_PARAM_SCHEMAS.alpha, "a number alpha in [0, 1)").optional(),
  })
  .superRefine(refuseForeignParams);

/** An activation entry: a bare name, or `{ name, N?, eps?, alpha? }` where a list is a grid axis. */
export const activationEntrySchema = z
  .union([activationNameSchema, activationObjectSchema])
  .transform((v) => (typeof v === "string" ? { name: v } : v));

const benchmarkListSchema = z
  .union([benchmarkNameSchema, z.array(benchmarkNameSchema).min(1).max(BENCHMARK_NAMES.length)], {
    error: `expected a benchmark name or a list of them (${BENCHMARK_NAMES.join(", ")})`,
  })
  .transform((v) => (typeof v === "string" ? [v] : v))
  .superRefine((list, ctx) => {
    list.forEach((b, i) => {
      if (list.indexOf(b) !== i)
        ctx.addIssue({ code: "custom", path: [i], message: `duplicate benchmark '${b}'` });
    });
  });

export const seedsSchema = z
  .union(
    [
      z.int().min(1, "a seed count must be >= 1").max(1000),
      z
        .array(
          z
            .int()
            .min(0, "seeds must be non-negative integers")
            .max(2 ** 31 - 1),
        )
        .min(1)
        .max(1000),
    ],
    { error: "expected a list of non-negative integer seeds, or a seed count k meaning [0..k-1]" },
  )
  .transform((v) => (typeof v === "number" ? Array.from({ length: v }, (_, i) => i) : v))
  .superRefine((seeds, ctx) => {
    const seen = new Set<number>();
    seeds.forEach((s, i) => {
      if (seen.has(s)) ctx.addIssue({ code: "custom", path: [i], message: `duplicate seed ${s}` });
      seen.add(s);
    });
  });

export const searchSpecSchema = z.discriminatedUnion("strategy", [
  z.strictObject({ strategy: z.literal("grid") }),
  z.strictObject({
    strategy: z.literal("random"),
    /** Activation configs sampled from the grid (the baseline always runs as well). */
    samples: z.int().min(1),
    seed: z
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(0),
  }),
]);
export type SearchSpec = z.infer<typeof searchSpecSchema>;

export const prunerSpecSchema = z.discriminatedUnion("strategy", [
  z.strictObject({ strategy: z.literal("none") }),
  z.strictObject({
    strategy: z.literal("median"),
    /** Epochs a trial always runs before it may be pruned. */
    warmupEpochs: z.int().min(0).default(1),
    /** Completed trials (same benchmark) needed before pruning starts. */
    minTrials: z.int().min(1).default(3),
  }),
  z.strictObject({
    strategy: z.literal("asha"),
    /** η: each rung keeps the top 1/η of the trials that reach it. */
    reductionFactor: z.int().min(2).max(100).default(3),
    /** Epochs of the first rung. */
    minResource: z.int().min(1).max(10_000).default(1),
    /** Epochs a trial trains at most; rungs sit below it. Default: the trials' epochs. */
    maxResource: z.int().min(2).max(10_000).optional(),
    /** Brackets of successive halving, each starting its rungs η times later. */
    brackets: z.int().min(1).max(8).default(1),
  }),
]);
export type PrunerSpec = z.infer<typeof prunerSpecSchema>;

/** A scheduler by name (`asha`) or as an object with its parameters (`{ strategy: asha, reductionFactor: 3 }`). */
const schedulerSchema = z.union([
  z.enum(["none", "median", "asha"]).transform((strategy) => prunerSpecSchema.parse({ strategy })),
  prunerSpecSchema,
]);

const hyperKeySchema = z.enum(HYPER_KEYS as [HyperKey, ...HyperKey[]], {
  error: `expected a hyperparameter (${HYPER_KEYS.join(", ")})`,
});

/** Stage 1 of the protocol: each config searches `over` on its own, on the validation metric. */
export const tuneSpecSchema = z.strictObject({
  /** The hyperparameters stage 1 searches (each swept in overrides: a list or a range). */
  over: z
    .array(hyperKeySchema)
    .min(1, "name at least one hyperparameter to tune")
    .max(HYPER_KEYS.length)
    .superRefine((keys, ctx) => {
      keys.forEach((k, i) => {
        if (keys.indexOf(k) !== i) ctx.addIssue({ code: "custom", path: [i], message: `duplicate hyperparameter '${k}'` });
      });
    }),
  /** Settings tried per config. Default: the whole grid (only when every tuned hyperparameter is a list). */
  budget: z.int().min(1).max(1000).optional(),
  /** Seeds each setting trains on (a count k means [0..k-1]). */
  seeds: seedsSchema.default([0]),
  /** What the choice reads: the validation metric (the test set never chooses). */
  metric: z
    .literal("validation", { error: "tuning chooses on the validation metric only (choosing on test would leak the test set into the result)" })
    .default("validation"),
  /** grid: every setting of the axes; random: `budget` settings drawn with `seed`. Default: grid without a budget, else random. */
  sampler: z.enum(["grid", "random"]).optional(),
  /** The sampler's seed: the same seed draws the same settings. */
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(0),
  /** Early stopping of tuning trials: none, median, or asha (with its parameters). */
  scheduler: schedulerSchema.default({ strategy: "none" }),
});
export type TuneSpec = z.output<typeof tuneSpecSchema>;

/** Stage 2: each config's chosen setting on these seeds (paired across configs), reported on test. */
export const compareSpecSchema = z.strictObject({
  seeds: seedsSchema.optional(),
  metric: z.literal("test", { error: "the comparison reports the test metric" }).default("test"),
});
export type CompareSpec = z.output<typeof compareSpecSchema>;

type BaselineMatch = { ok: true; match: GridActivation } | { ok: false; message: string };

/** Resolves `baseline` (an activation name, or a full activation key) against the grid. */
export function matchBaseline(baseline: string, grid: readonly GridActivation[]): BaselineMatch {
  const byKey = grid.find((g) => g.key === baseline);
  if (byKey) return { ok: true, match: byKey };
  const byName = grid.filter((g) => g.config.name === baseline);
  if (byName.length === 1) return { ok: true, match: byName[0]! };
  if (byName.length > 1) {
    return {
      ok: false,
      message: `baseline '${baseline}' matches ${byName.length} configs (${byName.map((g) => g.key).join(", ")}); name one by its key`,
    };
  }
  return {
    ok: false,
    message: `baseline '${baseline}' is not one of the activations (${grid.map((g) => g.key).join(", ")})`,
  };
}

const DEFAULT_SEEDS = [0, 1, 2];

export const sweepSpecSchema = z
  .strictObject({
    name: z.string().trim().min(1, "name must not be empty").max(200),
    benchmark: benchmarkListSchema,
    /** The comparison's seeds (also `compare.seeds`); default [0, 1, 2]. */
    seeds: seedsSchema.optional(),
    baseline: z.string().min(1).max(400).default(DEFAULT_BASELINE),
    activations: z
      .array(activationEntrySchema)
      .min(1, "at least one activation is required")
      .max(256),
    overrides: overridesSpecSchema.default({}),
    /** gpu: the benchmarks' GPU defaults (larger batches for the small ones), for every trial alike; absent: cpu. */
    device: z.enum(SWEEP_DEVICES).optional(),
    search: searchSpecSchema.default({ strategy: "grid" }),
    pruner: prunerSpecSchema.default({ strategy: "none" }),
    tune: tuneSpecSchema.optional(),
    compare: compareSpecSchema.optional(),
  })
  .superRefine((spec, ctx) => {
    checkOverrides(spec, ctx);
    checkProtocol(spec, ctx);
    addHyperRuleIssues(spec, ctx);
    const seeds = spec.compare?.seeds ?? spec.seeds ?? DEFAULT_SEEDS;
    const perConfig = spec.tune
      ? (spec.tune.budget ?? maxTuneGrid(spec)) * spec.tune.seeds.length + seeds.length
      : seeds.length;
    const activationConfigs = gridSizeUpperBound(spec.activations);
    let upper = 0;
    for (const b of spec.benchmark)
      upper += activationConfigs * axisCombinationCount(benchmarkSpaceOf(spec.overrides, b, spec.tune?.over).rowAxes) * perConfig;
    if (upper > MAX_TRIALS) {
      ctx.addIssue({
        code: "custom",
        path: ["activations"],
        message: `the sweep expands to ${upper} trials, more than the limit of ${MAX_TRIALS}`,
      });
      return;
    }
    const baseline = matchBaseline(spec.baseline, expandActivationGrid(spec.activations));
    if (!baseline.ok)
      ctx.addIssue({ code: "custom", path: ["baseline"], message: baseline.message });
  })
  .transform(({ seeds, compare, ...rest }) => {
    const chosen = compare?.seeds ?? seeds ?? DEFAULT_SEEDS;
    return { ...rest, seeds: chosen, ...(compare ? { compare: { ...compare, seeds: chosen } } : {}) };
  });

type CheckedSpec = {
  benchmark: BenchmarkName[];
  seeds?: number[] | undefined;
  overrides: OverridesSpec;
  pruner: PrunerSpec;
  tune?: TuneSpec | undefined;
  compare?: CompareSpec | undefined;
  device?: SweepDevice | undefined;
};

/**
 * Overrides must be accepted by every benchmark they apply to (a silent ignore hides typos), a
 * benchmark's block must name one of the sweep's benchmarks, and a range is only for a
 * hyperparameter the tuning stage searches.
 */
function checkOverrides(spec: CheckedSpec, ctx: z.RefinementCtx): void {
  for (const key of Object.keys(spec.overrides)) {
    if (isHyperKey(key)) continue;
    if (!spec.benchmark.includes(key as BenchmarkName))
      ctx.addIssue({
        code: "custom",
        path: ["overrides", key],
        message: `${key} is not a benchmark of this sweep (${spec.benchmark.join(", ")}); its overrides would never apply`,
      });
  }
  const refused = new Map<string, { path: (string | number)[]; key: HyperKey; benchmarks: BenchmarkName[] }>();
  const ranges = new Map<string, { path: (string | number)[]; key: HyperKey }>();
  for (const b of spec.benchmark) {
    const given = overridesFor(spec.overrides, b);
    for (const key of Object.keys(given) as HyperKey[]) {
      const path = overridePath(spec.overrides, b, key);
      const where = path.join(".");
      if (!BENCHMARKS[b].overrideKeys.includes(key)) {
        const entry = refused.get(where) ?? { path, key, benchmarks: [] };
        entry.benchmarks.push(b);
        refused.set(where, entry);
      } else if (overrideFormOf(key, given[key]!).kind === "range" && !spec.tune?.over.includes(key)) {
        ranges.set(where, { path, key });
      }
    }
  }
  for (const { path, key, benchmarks } of refused.values())
    ctx.addIssue({
      code: "custom",
      path,
      message: `${key} is not a hyperparameter of ${benchmarks.join(", ")} (it takes ${BENCHMARKS[benchmarks[0]!].overrideKeys.join(", ")})`,
    });
  for (const { path, key } of ranges.values())
    ctx.addIssue({
      code: "custom",
      path,
      message: `a range is sampled by the tuning stage: add ${key} to tune.over, or give a list (a grid axis)`,
    });
}

/** The largest tuning grid over the benchmarks (the budget when none is given: the whole grid). */
function maxTuneGrid(spec: CheckedSpec): number {
  let n = 1;
  for (const b of spec.benchmark) n = Math.max(n, RandomSampler.gridSize(benchmarkSpaceOf(spec.overrides, b, spec.tune?.over).tuned) ?? 1);
  return n;
}

/** The epochs a benchmark's trials train: the override (the largest value of an axis) or the default. */
function epochsOf(spec: CheckedSpec, b: BenchmarkName): number {
  const value = overridesFor(spec.overrides, b).epochs;
  if (value === undefined) return BENCHMARKS[b].defaults.epochs;
  const form = overrideFormOf("epochs", value);
  if (form.kind === "fixed") return form.value as number;
  if (form.kind === "axis") return Math.max(...(form.values as number[]));
  return form.range.max;
}

/** The two-stage protocol's rules: what is tuned is swept, the budget fits, one scheduler per stage. */
function checkProtocol(spec: CheckedSpec, ctx: z.RefinementCtx): void {
  if (spec.compare && !spec.tune)
    ctx.addIssue({ code: "custom", path: ["compare"], message: "compare is stage 2 of a tuning protocol: add tune (a one-stage sweep uses seeds)" });
  if (spec.compare?.seeds && spec.seeds && spec.compare.seeds.join(",") !== spec.seeds.join(","))
    ctx.addIssue({ code: "custom", path: ["compare", "seeds"], message: "give the comparison's seeds once: seeds or compare.seeds" });
  const tune = spec.tune;
  if (tune && spec.pruner.strategy !== "none")
    ctx.addIssue({
      code: "custom",
      path: ["pruner"],
      message: "a two-stage sweep never stops its comparison trials early: put the scheduler in tune.scheduler",
    });
  const scheduler = tune ? tune.scheduler : spec.pruner;
  const schedulerPath = tune ? ["tune", "scheduler"] : ["pruner"];
  if (scheduler.strategy === "asha") {
    for (const b of spec.benchmark) {
      const epochs = epochsOf(spec, b);
      if (scheduler.minResource >= Math.min(epochs, scheduler.maxResource ?? epochs)) {
        ctx.addIssue({
          code: "custom",
          path: [...schedulerPath, "minResource"],
          message: `minResource (${scheduler.minResource}) must be below the epochs (${Math.min(epochs, scheduler.maxResource ?? epochs)}) of ${b}: ASHA would have no rung to stop at`,
        });
        break;
      }
      if (scheduler.maxResource !== undefined && scheduler.maxResource > epochs) {
        ctx.addIssue({
          code: "custom",
          path: [...schedulerPath, "maxResource"],
          message: `maxResource (${scheduler.maxResource}) is above the epochs (${epochs}) of ${b}; leave it out to use the trials' epochs`,
        });
        break;
      }
    }
  }
  if (!tune) return;
  tune.over.forEach((key, i) => {
    for (const b of spec.benchmark) {
      const value = overridesFor(spec.overrides, b)[key];
      if (value === undefined || overrideFormOf(key, value).kind === "fixed") {
        ctx.addIssue({
          code: "custom",
          path: ["tune", "over", i],
          message: `${key} is not swept for ${b}: give overrides.${key} as a list (a grid axis) or { min, max, log? } (a range)`,
        });
        return;
      }
    }
  });
  for (const b of spec.benchmark) {
    const dims = benchmarkSpaceOf(spec.overrides, b, tune.over).tuned;
    if (dims.length !== tune.over.length) return; // reported above
    const grid = RandomSampler.gridSize(dims);
    if (grid === null && tune.sampler === "grid") {
      ctx.addIssue({ code: "custom", path: ["tune", "sampler"], message: `a grid cannot enumerate a range (${dims.filter((d) => d.kind === "range").map((d) => d.key).join(", ")}); use random` });
      return;
    }
    if (grid === null && tune.budget === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["tune", "budget"],
        message: `required when a tuned hyperparameter is a range (${dims.filter((d) => d.kind === "range").map((d) => d.key).join(", ")} of ${b}): how many settings each config samples`,
      });
      return;
    }
    if (grid !== null && tune.budget !== undefined && tune.budget > grid) {
      ctx.addIssue({
        code: "custom",
        path: ["tune", "budget"],
        message: `${tune.budget} is more than the ${grid} settings of ${b}'s grid (${tune.over.join(" x ")}); leave budget out to run the whole grid`,
      });
      return;
    }
    if (grid !== null && tune.sampler === "grid" && tune.budget !== undefined && tune.budget !== grid) {
      ctx.addIssue({ code: "custom", path: ["tune", "budget"], message: `the grid sampler runs all ${grid} settings of ${b}; leave budget out, or use random` });
      return;
    }
  }
}

/**
 * The cross-field rules (milestones below epochs, minLr below lr...) on each benchmark's
 * hyperparameters, reported at the override that broke them: `overrides.milestones.1`,
 * `overrides.cifar10-resnet56.epochs`, an axis' value (`overrides.lr.2`) or a range's bound
 * (`overrides.lr.max`), or the override that made a recipe default break one
 * (`overrides.epochs` when a recipe's own milestone no longer fits). Swept values are checked
 * one at a time, the others at their first value; a rule two swept values break together is
 * refused when the sweep is planned, naming both.
 */
function addHyperRuleIssues(spec: CheckedSpec, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  for (const b of spec.benchmark) {
    const given = overridesFor(spec.overrides, b);
    const fixed: Record<string, unknown> = {};
    const swept = new Map<HyperKey, { values: unknown[]; labels: (string | number)[] }>();
    for (const key of Object.keys(given) as HyperKey[]) {
      if (!BENCHMARKS[b].overrideKeys.includes(key)) continue; // refused by checkOverrides
      const form = overrideFormOf(key, given[key]!);
      if (form.kind === "fixed") fixed[key] = form.value;
      else if (form.kind === "axis") swept.set(key, { values: form.values, labels: form.values.map((_, i) => i) });
      else swept.set(key, { values: [form.range.min, form.range.max], labels: ["min", "max"] });
    }
    const first = Object.fromEntries([...swept].map(([k, v]) => [k, v.values[0]]));
    const settings: { values: Record<string, unknown>; at: Map<string, string | number> }[] = [
      { values: first, at: new Map([...swept].map(([k, v]) => [k, v.labels[0]!])) },
    ];
    for (const [key, { values, labels }] of swept)
      for (let i = 1; i < values.length; i++)
        settings.push({ values: { ...first, [key]: values[i] }, at: new Map([...swept].map(([k, v]) => [k, k === key ? labels[i]! : v.labels[0]!])) });
    for (const setting of settings) {
      const merged = withRecipe(b, { ...fixed, ...setting.values }, spec.device) as Record<string, unknown>;
      for (const issue of hyperRuleIssues(merged)) {
        const head = String(issue.path[0]) as HyperKey;
        // A missing value (stepEpochs for schedule step) is reported where it is missing.
        const own = given[head] !== undefined || merged[head] === undefined;
        const culprit = own ? head : issue.keys.find((k) => given[k as HyperKey] !== undefined) as HyperKey | undefined;
        const where = (key: HyperKey): (string | number)[] =>
          setting.at.has(key) ? [...overridePath(spec.overrides, b, key), setting.at.get(key)!] : given[key] !== undefined ? overridePath(spec.overrides, b, key) : ["overrides", key];
        const path = own ? [...where(head), ...issue.path.slice(1)] : culprit ? where(culprit) : ["overrides"];
        const message = own ? issue.message : `${issue.message} (${issue.path.join(".")} is ${b}'s recipe default; override it too)`;
        const key = `${path.join(".")}\u0000${message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.addIssue({ code: "custom", path, message });
      }
    }
  }
}

export type SweepSpec = z.output<typeof sweepSpecSchema>;
/** The seeds every comparison config runs on (the spec's `seeds`, or `compare.seeds`). */
export function compareSeedsOf(spec: SweepSpec): number[] {
  return spec.seeds;
}
export type SweepSpecInput = z.input<typeof sweepSpecSchema>;
export type ActivationEntrySpec = z.output<typeof activationEntrySchema>;

function invalid(message: string, cause?: unknown): GemSweepError {
  return new GemSweepError(ErrorCode.INVALID_SPEC, message, {
    issues: [{ path: "", message }],
    cause,
  });
}

/** Turns spec text (JSON or YAML) into a plain value, with size and alias limits. */
export function parseSpecText(text: string): unknown {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_SPEC_BYTES)
    throw invalid(`spec is ${bytes} bytes, more than the limit of ${MAX_SPEC_BYTES}`);
  const trimmed = text.trim();
  if (trimmed === "") throw invalid("spec is empty");
  if (trimmed.startsWith("{")) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      // Not strict JSON: YAML flow syntax is a superset, let the YAML parser decide and report.
    }
  }
  const doc = parseDocument(text, {
    uniqueKeys: true,
    prettyErrors: true,
    schema: "core",
    merge: false,
  });
  const err = doc.errors[0];
  if (err) {
    const where = err.linePos?.[0]
      ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}`
      : "";
    throw invalid(
      `spec is not valid YAML or JSON${where}: ${err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
      err,
    );
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown;
  } catch (cause) {
    throw invalid(
      `spec uses too many YAML aliases (limit ${MAX_YAML_ALIASES}); alias expansion refused`,
      cause,
    );
  }
}

/**
 * Parses a sweep spec from YAML or JSON text, or from an already-parsed value.
 * Throws GemSweepError INVALID_SPEC whose `issues` name each bad field by path.
 */
export function parseSpec(input: unknown): SweepSpec {
  const value = typeof input === "string" ? parseSpecText(input) : input;
  return parseOrThrow(sweepSpecSchema, value, "sweep spec", ErrorCode.INVALID_SPEC);
}

/** The spec's JSON Schema (input side), for the OpenAPI document and editor hints. */
export function sweepSpecJsonSchema(): unknown {
  return z.toJSONSchema(sweepSpecSchema, { io: "input", unrepresentable: "any" });
}
