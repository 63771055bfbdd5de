import type { Pruner, PruneDecision } from "./pruner.js";

/** Never prunes. */
export class NoopPruner implements Pruner {
  readonly name = "none";

  shouldPrune(): PruneDecision {
    return { prune: false, reason: "pruning disabled" };
  }
}
