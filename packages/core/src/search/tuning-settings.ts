// Why: the settings stage 1 tries for a benchmark's configs are drawn once, from the spec and
// its seed alone, so every config of that benchmark sees the same settings and a rerun the same.
import type { BenchmarkName } from "@gemsweep/contracts";
import { benchmarkSpaceOf } from "../overrides/hyper-space.js";
import type { SweptValues } from "../overrides/swept-values.js";
import type { SweepSpec } from "../spec.js";
import { GridSampler } from "./grid-sampler.js";
import { RandomSampler } from "./random-sampler.js";

/** Which sampler a tuning stage uses: the one named, else grid without a budget, else random. */
export function tuningSamplerOf(spec: SweepSpec): "grid" | "random" | null {
  if (!spec.tune) return null;
  return spec.tune.sampler ?? (spec.tune.budget === undefined ? "grid" : "random");
}

/** The tuned settings each config of `benchmark` tries, in setting-number order ([] without a tuning stage). */
export function tuningSettingsOf(spec: SweepSpec, benchmark: BenchmarkName): SweptValues[] {
  const tune = spec.tune;
  if (!tune) return [];
  const dims = benchmarkSpaceOf(spec.overrides, benchmark, tune.over).tuned;
  const grid = RandomSampler.gridSize(dims);
  if (tuningSamplerOf(spec) === "grid") return new GridSampler().settings(dims);
  return new RandomSampler(tune.seed).settings(dims, tune.budget ?? grid ?? 1);
}
