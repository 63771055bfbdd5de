import { TRIAL_QUEUE, trialJobId, type TrialJob } from "@gemsweep/contracts";
import { Queue, type ConnectionOptions } from "bullmq";

/** Retries for infrastructure failures; a diverged or invalid trial is never retried. */
export const TRIAL_JOB_ATTEMPTS = 4;

export function redisConnection(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === "rediss:" ? {} : undefined,
    maxRetriesPerRequest: null, // BullMQ workers require it; producers reconnect through outages
    // Reconnect every 0.25..2 s, never slower: BullMQ's default backs off to 20 s, so a worker
    // whose network came back after a minute could sit idle for another 20 s.
    retryStrategy: (times: number) => Math.min(250 * times, 2000),
  };
}

/** How long close() waits for a starting connection (a Redis that is down never finishes). */
const STARTUP_WAIT_MS = 10_000;

/**
 * The producer side of the trial queue. One job per trial with the trial id as job id, so
 * enqueueing the same trial twice (resume, reaper, a retried submit) never duplicates work.
 */
export class TrialQueue {
  private connected?: Queue;

  constructor(
    private readonly redisUrl: string,
    readonly name: string = process.env.GEMSWEEP_QUEUE ?? TRIAL_QUEUE,
  ) {}

  /**
   * The BullMQ queue, connected on first use: code that never enqueues (a `gemsweep table`, a
   * cancel with nothing queued) never opens a Redis connection, so it never closes one that is
   * still starting (see close).
   */
  get queue(): Queue {
    if (!this.connected) {
      this.connected = new Queue(this.name, { connection: redisConnection(this.redisUrl) });
      this.connected.on("error", () => undefined); // reconnects are retried; callers see failed calls
    }
    return this.connected;
  }

  /**
   * Adds one job per trial (a trial whose job is still there is skipped: same job id). `front`
   * puts them before the jobs already waiting: trials that had started (the reaper's) go on
   * before the sweep's untouched ones.
   */
  async enqueue(jobs: readonly TrialJob[], options: { front?: boolean } = {}): Promise<void> {
    // Completed jobs are removed, so a trial re-queued later (resume) gets a fresh job.
    for (let i = 0; i < jobs.length; i += 500) {
      await this.queue.addBulk(
        jobs.slice(i, i + 500).map((job) => ({
          name: job.benchmark,
          data: job,
          opts: {
            jobId: trialJobId(job.trialId),
            ...(options.front ? { lifo: true } : {}),
            attempts: TRIAL_JOB_ATTEMPTS,
            backoff: { type: "exponential", delay: 2000 },
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      );
    }
  }

  /** Removes waiting/delayed jobs of these trials (active ones stop at their next epoch). */
  async remove(trialIds: readonly string[]): Promise<void> {
    for (const id of trialIds) {
      await this.queue.remove(trialJobId(id)).catch(() => 0); // locked (active) jobs cannot be removed
    }
  }

  /** Whether the queue still holds this trial's job as work to do (a live worker's, or waiting). */
  async isPending(trialId: string): Promise<boolean> {
    const job = await this.queue.getJob(trialJobId(trialId));
    if (!job) return false;
    return ["active", "waiting", "delayed", "prioritized", "waiting-children"].includes(
      await job.getState(),
    );
  }

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts(
      "waiting",
      "active",
      "delayed",
      "prioritized",
      "failed",
      "completed",
    );
  }

  /**
   * Closes the connection, once it has finished starting (waiting up to STARTUP_WAIT_MS): BullMQ
   * closing a connection whose start-up (its Redis version check) is still running makes that
   * start-up fail with "Connection is closed." and emit it as an 'error' on an emitter it has
   * just stripped of listeners, which crashes the process. Seen under load as a CLI command that
   * printed its result and then exited 1.
   */
  async close(): Promise<void> {
    if (!this.connected) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.connected.waitUntilReady().catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, STARTUP_WAIT_MS))),
    ]);
    clearTimeout(timer);
    await this.connected.close();
  }
}
