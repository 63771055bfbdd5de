import { baselineKeyOf, expandConfigs, type PlannedTrial } from "../expand.js";
import type { PrunerSpec, SearchSpec, SweepSpec } from "../spec.js";
import { GridSearchStrategy } from "./grid-search-strategy.js";
import { MedianStoppingPruner } from "./median-stopping-pruner.js";
import { NoopPruner } from "./noop-pruner.js";
import type { Pruner } from "./pruner.js";
import { AshaPruner } from "./asha-pruner.js";
import { RandomSearchStrategy } from "./random-search-strategy.js";
import { tuningSettingsOf } from "./tuning-settings.js";
import { missingTrials } from "./trials-of-config.js";
import type { SearchSpace, SearchStrategy } from "./search-strategy.js";
import type { TrialSnapshot } from "./trial-snapshot.js";

export function createSearchStrategy(search: SearchSpec): SearchStrategy {
  switch (search.strategy) {
    case "grid":
      return new GridSearchStrategy();
    case "random":
      return new RandomSearchStrategy({ samples: search.samples, seed: search.seed });
  }
}

export function createPruner(pruner: PrunerSpec): Pruner {
  switch (pruner.strategy) {
    case "asha":
      return new AshaPruner({
        reductionFactor: pruner.reductionFactor,
        minResource: pruner.minResource,
        maxResource: pruner.maxResource ?? null,
        brackets: pruner.brackets,
      });
    case "none":
      return new NoopPruner();
    case "median":
      return new MedianStoppingPruner({
        warmupEpochs: pruner.warmupEpochs,
        minTrials: pruner.minTrials,
      });
  }
}

export function searchSpaceOf(spec: SweepSpec): SearchSpace {
  const tuning = spec.tune
    ? { settings: new Map(spec.benchmark.map((b) => [b, tuningSettingsOf(spec, b)])), seeds: spec.tune.seeds }
    : null;
  return { configs: expandConfigs(spec), seeds: spec.seeds, baselineKey: baselineKeyOf(spec), tuning };
}

/** The trials the spec's search strategy creates now, given those that exist (none by default). */
export function planTrials(
  spec: SweepSpec,
  existing: readonly TrialSnapshot[] = [],
): PlannedTrial[] {
  return createSearchStrategy(spec.search).suggest(searchSpaceOf(spec), existing);
}

/** Every trial of the full grid (both stages of a two-stage sweep), each exactly once, in a deterministic order. */
export function expandSpec(spec: SweepSpec): PlannedTrial[] {
  const space = searchSpaceOf(spec);
  return missingTrials(space.configs, space.seeds, [], space.tuning);
}
