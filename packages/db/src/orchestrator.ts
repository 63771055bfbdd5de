import { type TrialJob } from "@gemsweep/contracts";
import { parseSpec, parseSpecText, planSweep } from "@gemsweep/core";
import type { PrismaClient } from "./prisma-client.js";
import { reapStaleAttempts } from "./reaper.js";
import { SweepStore } from "./sweep-store.js";
import type { TrialQueue } from "./trial-queue.js";

/**
 * The one place that changes what runs: submit, cancel, resume, reap. It writes state through
 * the stores and mirrors it into the queue; the database is the truth, the queue is derived
 * (so re-enqueueing is always safe).
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
    await this.queue.enqueue(jobs);
    return { id: sweepId, trials: jobs.length };
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
    return { requeued: jobs.length };
  }

  /** Turns attempts of dead workers back into queued work. */
  async reap(staleAfterMs = 30_000): Promise<TrialJob[]> {
    const jobs = await reapStaleAttempts(this.prisma, staleAfterMs, this.queue);
    if (jobs.length > 0) await this.queue.enqueue(jobs, { front: true }); // started trials first
    return jobs;
  }
}
