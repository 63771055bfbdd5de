import type { PlannedTrial } from "../expand.js";
import { missingTrials } from "./trials-of-config.js";
import type { SearchSpace, SearchStrategy } from "./search-strategy.js";
import type { TrialSnapshot } from "./trial-snapshot.js";

/** Runs every config of the grid on every seed (and, with a tuning stage, its tuning trials). */
export class GridSearchStrategy implements SearchStrategy {
  readonly name = "grid";

  suggest(space: SearchSpace, trials: readonly TrialSnapshot[]): PlannedTrial[] {
    return missingTrials(space.configs, space.seeds, trials, space.tuning);
  }
}
