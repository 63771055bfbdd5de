// Why: `overrides` takes hyperparameters for every benchmark (`lr: 1e-3`) and, next to them or
// instead, blocks for one benchmark (`cifar10-resnet56: { lr: 0.1 }`); a key is one or the
// other by its spelling alone (hyperparameters are camelCase, benchmarks kebab-case), so the
// two forms never collide.
import { BENCHMARK_NAMES, HYPER_KEYS, type BenchmarkName, type HyperKey } from "@gemsweep/contracts";
import * as z from "zod";
import { overrideValueSchema, type OverrideValue } from "./override-value.js";

/** Overrides of one scope: hyperparameter -> value, axis or range. */
export type OverrideSet = Partial<Record<HyperKey, OverrideValue>>;

/** The parsed `overrides`: the flat hyperparameters, and any per-benchmark blocks, as written. */
export type OverridesSpec = OverrideSet & Partial<Record<BenchmarkName, OverrideSet>>;

const overrideShape = Object.fromEntries(HYPER_KEYS.map((k) => [k, overrideValueSchema(k).optional()])) as Record<
  HyperKey,
  z.ZodOptional<z.ZodType<OverrideValue>>
>;

/** One benchmark's block: hyperparameters only. */
export const overrideSetSchema = z.strictObject(overrideShape);

/** `overrides`: flat hyperparameters (for every benchmark) and per-benchmark blocks (which win for theirs). */
export const overridesSpecSchema = z.strictObject({
  ...overrideShape,
  ...(Object.fromEntries(BENCHMARK_NAMES.map((b) => [b, overrideSetSchema.optional()])) as Record<
    BenchmarkName,
    z.ZodOptional<typeof overrideSetSchema>
  >),
}) as unknown as z.ZodType<OverridesSpec>;

/** The overrides that apply to `benchmark`: the flat ones, with its own block's on top. */
export function overridesFor(overrides: OverridesSpec, benchmark: BenchmarkName): OverrideSet {
  const out: OverrideSet = {};
  for (const key of HYPER_KEYS) {
    const own = overrides[benchmark]?.[key];
    const flat = overrides[key];
    if (own !== undefined) out[key] = own;
    else if (flat !== undefined) out[key] = flat;
  }
  return out;
}

/** Where an override of `benchmark` was written in the spec: `overrides.<benchmark>.<key>` or `overrides.<key>`. */
export function overridePath(overrides: OverridesSpec, benchmark: BenchmarkName, key: HyperKey): (string | number)[] {
  return overrides[benchmark]?.[key] !== undefined ? ["overrides", benchmark, key] : ["overrides", key];
}
