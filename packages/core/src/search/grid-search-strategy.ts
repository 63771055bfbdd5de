import type { PlannedTrial } from "../expand.js";
import { missingTrials, type SearchSpace, type SearchStrategy } from "./search-strategy.js";
import type { TrialSnapshot } from "./trial-snapshot.js";

/** Runs every config of the grid on every seed. */
export class GridSearchStrategy implements SearchStrategy {
  readonly name = "grid";

  suggest(space: SearchSpace, trials: readonly TrialSnapshot[]): PlannedTrial[] {
    return missingTrials(space.configs, space.seeds, trials);
  }
}
