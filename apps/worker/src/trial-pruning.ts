import { type TrialJob } from "@gemsweep/contracts";
import { BENCHMARKS, createPruner, type PruneDecision, type Pruner } from "@gemsweep/core";
import type { GemSweepStorage } from "@gemsweep/db";

/**
 * Asks the sweep's pruner (the spec's `pruner:`; median stopping) after each epoch whether the
 * running trial should stop, on the storage's pruning snapshot: this trial's curve and the
 * completed trials' metric at the same epoch, same benchmark.
 */
export class TrialPruning {
  /** each sweep's pruner, looked up once per worker; null when the sweep prunes nothing */
  private readonly bySweep = new Map<string, Promise<Pruner | null>>();

  constructor(
    private readonly storage: Pick<GemSweepStorage, "sweepPrunerSpec" | "pruningSnapshot">,
  ) {}

  private prunerOf(sweepId: string): Promise<Pruner | null> {
    let entry = this.bySweep.get(sweepId);
    if (!entry) {
      entry = this.storage
        .sweepPrunerSpec(sweepId)
        .then((spec) => (!spec || spec.strategy === "none" ? null : createPruner(spec)));
      // a failed lookup (the database away) is asked again at the next epoch, not remembered
      entry.catch(() => this.bySweep.delete(sweepId));
      this.bySweep.set(sweepId, entry);
    }
    return entry;
  }

  async decide(job: TrialJob, epoch: number): Promise<PruneDecision | null> {
    const pruner = await this.prunerOf(job.sweepId);
    if (!pruner) return null;
    const { trial, completed } = await this.storage.pruningSnapshot(job, epoch);
    // the direction is the trial's benchmark's: a sweep may mix accuracy and perplexity
    return pruner.shouldPrune(trial, completed, BENCHMARKS[job.benchmark].direction);
  }
}
