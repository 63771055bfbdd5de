import { type TrialJob, type TrialStage } from "@gemsweep/contracts";
import { BENCHMARKS, createPruner, type PruneDecision, type Pruner } from "@gemsweep/core";
import type { GemSweepStorage } from "@gemsweep/db";

/**
 * Asks the sweep's pruner after each epoch whether the running trial should stop: the spec's
 * `pruner:` (median stopping, ASHA) for a one-stage sweep, `tune.scheduler` for a two-stage
 * sweep's tuning trials, nothing for its comparison trials. It decides on the storage's pruning
 * snapshot: this trial's curve and rung, and its peers' metrics at the epochs the pruner asks for.
 */
export class TrialPruning {
  /** each sweep's pruner per stage, looked up once per worker; null when that stage prunes nothing */
  private readonly byStage = new Map<string, Promise<Pruner | null>>();

  constructor(
    private readonly storage: Pick<GemSweepStorage, "sweepPrunerSpec" | "pruningSnapshot">,
  ) {}

  private prunerOf(sweepId: string, stage: TrialStage): Promise<Pruner | null> {
    const key = `${sweepId}/${stage}`;
    let entry = this.byStage.get(key);
    if (!entry) {
      entry = this.storage
        .sweepPrunerSpec(sweepId, stage)
        .then((spec) => (!spec || spec.strategy === "none" ? null : createPruner(spec)));
      // a failed lookup (the database away) is asked again at the next epoch, not remembered
      entry.catch(() => this.byStage.delete(key));
      this.byStage.set(key, entry);
    }
    return entry;
  }

  async decide(job: TrialJob, epoch: number): Promise<PruneDecision | null> {
    const pruner = await this.prunerOf(job.sweepId, job.stage ?? "COMPARE");
    if (!pruner) return null;
    const query = pruner.peerQuery(epoch, job.hyper.epochs);
    if (query.epochs.length === 0) return { prune: false, reason: `${pruner.name}: nothing to decide at epoch ${epoch}` };
    const { trial, completed } = await this.storage.pruningSnapshot(job, epoch, query);
    // the direction is the trial's benchmark's: a sweep may mix accuracy and perplexity
    return pruner.shouldPrune(trial, completed, BENCHMARKS[job.benchmark].direction);
  }
}
