import { baselineKeyOf, expandConfigs, type PlannedTrial } from "../expand.js";
import type { PrunerSpec, SearchSpec, SweepSpec } from "../spec.js";
import { GridSearchStrategy } from "./grid-search-strategy.js";
import { MedianStoppingPruner } from "./median-stopping-pruner.js";
import { NoopPruner } from "./noop-pruner.js";
import type { Pruner } from "./pruner.js";
import { RandomSearchStrategy } from "./random-search-strategy.js";
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
  return { configs: expandConfigs(spec), seeds: spec.seeds, baselineKey: baselineKeyOf(spec) };
}

/** The trials the spec's search strategy creates now, given those that exist (none by default). */
export function planTrials(
  spec: SweepSpec,
  existing: readonly TrialSnapshot[] = [],
): PlannedTrial[] {
  return createSearchStrategy(spec.search).suggest(searchSpaceOf(spec), existing);
}
