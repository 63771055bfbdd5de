import { type TrialJob } from "@gemsweep/contracts";
import { parseSpec, parseSpecText, planSweep } from "@gemsweep/core";
import { crashPoint } from "./crash-point.js";
import { sqlPoolOf, type PrismaClient } from "./prisma-client.js";
import { reapStaleAttempts } from "./reaper.js";
import {
  hasReadyStage,
  markStagesEnqueued,
  openComparisonStages,
  openedStageJobs,
  openTwoStageSweeps,
  type StageTransition,
} from "./stage-transition.js";
import { SweepStore } from "./sweep-store.js";
import type { TrialQueue } from "./trial-queue.js";

/**
 * The one place that changes what runs: submit, cancel, resume, reap, and a two-stage sweep's
 * move from tuning to comparison. It writes state through the stores and mirrors it into the
 * queue; the database is the truth, the queue is derived (so re-enqueueing is always safe).
 */
export class Orchestrator {
  readonly sweeps: SweepStore;

  constructor(
    private readonly prisma: PrismaClient,
    readonly queue: TrialQueue,
  ) {
    this.sweeps = new SweepStore(prisma);
  }

  /** Validates (YAML/JSON text or an object), plans (one expansion), stores and enqueues a sweep. */
  async submit(input: unknown): Promise<{ id: string; trials: number }> {
    const raw = typeof input === "string" ? parseSpecText(input) : input;
    const { plan, trials } = planSweep(parseSpec(raw));
    const { sweepId, jobs } = await this.sweeps.createSweep(plan, raw, trials);
    // a two-stage sweep's comparison trials are stored WAITING: their jobs come with advance()
    await this.queue.enqueue(jobs);
    return { id: sweepId, trials: trials.length };
  }

  async cancel(sweepId: string): Promise<{ cancelled: number }> {
    const { cancelled, trialIds } = await this.sweeps.cancelSweep(sweepId);
    await this.queue.remove(trialIds);
    return { cancelled };
  }

  /** Re-enqueues everything of the sweep that has not finished; nothing runs twice. */
  async resume(sweepId: string): Promise<{ requeued: number }> {
    const jobs = await this.sweeps.resumeSweep(sweepId);
    await this.queue.enqueue(jobs);
    // a config whose tuning ended while the sweep was cancelled (or before a crash) moves on now
    const opened = await this.advance(sweepId);
    return { requeued: jobs.length + opened.reduce((n, t) => n + t.opened, 0) };
  }

  /**
   * Moves every config of a two-stage sweep whose tuning trials have all ended to stage 2:
   * stores its choice and opens its comparison trials (one transaction), then queues them.
   * Called by the worker that finished a tuning trial and by every reaper pass; idempotent, and
   * safe when two callers race (the transition holds the sweep's row lock).
   */
  async advance(sweepId: string): Promise<StageTransition[]> {
    const pool = sqlPoolOf(this.prisma);
    // most calls (a tuning trial ended, others of its config still open) find nothing ready: one read, no lock
    const opened = (await hasReadyStage(pool, sweepId)) ? await openComparisonStages(pool, sweepId) : [];
    if (opened.length > 0) crashPoint("stage-transition-committed");
    await this.enqueueOpenedStages(sweepId);
    if (opened.some((t) => t.failed > 0)) await this.sweeps.refreshStatus(sweepId);
    return opened;
  }

  /** Queues the comparison trials of choices whose jobs may not be queued yet (a crash after a transition's commit). */
  async enqueueOpenedStages(sweepId?: string): Promise<number> {
    const pool = sqlPoolOf(this.prisma);
    const { choiceIds, jobs } = await openedStageJobs(pool, sweepId);
    if (choiceIds.length === 0) return 0;
    await this.queue.enqueue(jobs);
    await markStagesEnqueued(pool, choiceIds);
    return jobs.length;
  }

  /**
   * Turns attempts of dead workers back into queued work, moves two-stage sweeps whose tuning
   * ended to stage 2 (whoever should have done it may have died), and queues what a crash left
   * unqueued. Cheap when there is nothing to do: a read of open two-stage sweeps, one probe each.
   */
  async reap(staleAfterMs = 30_000): Promise<TrialJob[]> {
    const jobs = await reapStaleAttempts(this.prisma, staleAfterMs, this.queue);
    if (jobs.length > 0) await this.queue.enqueue(jobs);
    const pool = sqlPoolOf(this.prisma);
    for (const sweepId of await openTwoStageSweeps(pool))
      if (await hasReadyStage(pool, sweepId)) await this.advance(sweepId);
    await this.enqueueOpenedStages();
    return jobs;
  }
}
