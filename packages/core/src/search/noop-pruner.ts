import type { PeerQuery, Pruner, PruneDecision } from "./pruner.js";

/** Never prunes. */
export class NoopPruner implements Pruner {
  readonly name = "none";

  peerQuery(): PeerQuery {
    return { epochs: [], statuses: "completed" };
  }

  shouldPrune(): PruneDecision {
    return { prune: false, reason: "pruning disabled" };
  }
}
