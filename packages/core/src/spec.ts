import {
  ACTIVATION_PARAM_SCHEMAS,
  activationNameSchema,
  BENCHMARK_NAMES,
  benchmarkNameSchema,
  ErrorCode,
  GemSweepError,
  hyperRuleIssues,
  overridesSchema,
  parseOrThrow,
  refuseForeignParams,
  type BenchmarkName,
  type HyperKey,
  type Overrides,
} from "@gemsweep/contracts";
import * as z from "zod";
import { parseDocument } from "yaml";
import {
  expandActivationGrid,
  gridSizeUpperBound,
  type GridActivation,
} from "./activation-grid.js";
import { BENCHMARKS, mergeHyper, SWEEP_DEVICES, type SweepDevice } from "./benchmarks.js";

// The sweep spec (docs/architecture.md "Sweep spec") as ONE zod schema. Parsing normalizes the shorthand
// forms (benchmark string -> list, seed count -> list, activation name -> object), so the parsed
// spec is itself a valid spec: parseSpec(parseSpec(x)) equals parseSpec(x).

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

const seedsSchema = z
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
]);
export type PrunerSpec = z.infer<typeof prunerSpecSchema>;

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

export const sweepSpecSchema = z
  .strictObject({
    name: z.string().trim().min(1, "name must not be empty").max(200),
    benchmark: benchmarkListSchema,
    seeds: seedsSchema.default([0, 1, 2]),
    baseline: z.string().min(1).max(400).default(DEFAULT_BASELINE),
    activations: z
      .array(activationEntrySchema)
      .min(1, "at least one activation is required")
      .max(256),
    overrides: overridesSchema.default({}),
    /** gpu: the benchmarks' GPU defaults (larger batches for the small ones), for every trial alike; absent: cpu. */
    device: z.enum(SWEEP_DEVICES).optional(),
    search: searchSpecSchema.default({ strategy: "grid" }),
    pruner: prunerSpecSchema.default({ strategy: "none" }),
  })
  .superRefine((spec, ctx) => {
    // Overrides must be accepted by every benchmark of the sweep (a silent ignore hides typos).
    for (const key of Object.keys(spec.overrides) as HyperKey[]) {
      const refusing = spec.benchmark.filter((b) => !BENCHMARKS[b].overrideKeys.includes(key));
      if (refusing.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["overrides", key],
          message: `${key} is not a hyperparameter of ${refusing.join(", ")} (it takes ${BENCHMARKS[refusing[0]!].overrideKeys.join(", ")})`,
        });
      }
    }
    addHyperRuleIssues(spec, ctx);
    const upper = gridSizeUpperBound(spec.activations) * spec.seeds.length * spec.benchmark.length;
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
  });

/**
 * The cross-field rules (milestones below epochs, minLr below lr...) on each benchmark's merged
 * hyperparameters, reported at the override that broke them: `overrides.milestones.1`, or
 * `overrides.epochs` when a recipe's own milestone no longer fits the overridden epochs.
 */
function addHyperRuleIssues(
  spec: { benchmark: BenchmarkName[]; overrides: Overrides; device?: SweepDevice | undefined },
  ctx: z.RefinementCtx,
): void {
  const given = new Set(Object.keys(spec.overrides));
  const seen = new Set<string>();
  for (const benchmark of spec.benchmark) {
    const merged = mergeHyper(benchmark, spec.overrides, spec.device);
    for (const issue of hyperRuleIssues(merged)) {
      // A missing value (stepEpochs for schedule step) is reported where it is missing.
      const own = given.has(String(issue.path[0])) || (merged as Record<string, unknown>)[String(issue.path[0])] === undefined;
      const culprit = own ? undefined : issue.keys.find((k) => given.has(k));
      const path = own ? ["overrides", ...issue.path] : ["overrides", ...(culprit ? [culprit] : [])];
      const message = own
        ? issue.message
        : `${issue.message} (${issue.path.join(".")} is ${benchmark}'s recipe default; override it too)`;
      const key = `${path.join(".")}\u0000${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.addIssue({ code: "custom", path, message });
    }
  }
}

export type SweepSpec = z.output<typeof sweepSpecSchema>;
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
