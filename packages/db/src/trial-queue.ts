import { TRIAL_QUEUE, trialJobId, type TrialJob } from "@gemsweep/contracts";
import { Queue, type ConnectionOptions } from "bullmq";

/** Retries for infrastructure failures; a diverged or invalid trial is never retried. */
export const TRIAL_JOB_ATTEMPTS = 4;

/** How long close() waits for a connection still being set up (see close). */
const CLOSE_WAITS_FOR_READY_MS = 2000;

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

/**
 * The producer side of the trial queue. One job per trial with the trial id as job id, so
 * enqueueing the same trial twice (resume, reaper, a retried submit) never duplicates work.
 */
export class TrialQueue {
  readonly queue: Queue;

  constructor(
    redisUrl: string,
    readonly name: string = process.env.GEMSWEEP_QUEUE ?? TRIAL_QUEUE,
  ) {
    this.queue = new Queue(name, { connection: redisConnection(redisUrl) });
    this.queue.on("error", () => undefined); // reconnects are retried; callers see failed calls
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
   * Closes the connection. A queue closed while BullMQ is still setting its connection up leaves
   * the handshake's commands to reject unhandled ("Connection is closed"), which ends a process
   * with exit code 1 (seen: `gemsweep status` and `table`, which never use the queue). So the
   * handshake finishes first; a Redis that does not answer holds the close up for at most a moment.
   */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const moment = new Promise(
      (resolve) => (timer = setTimeout(resolve, CLOSE_WAITS_FOR_READY_MS)),
    );
    await Promise.race([this.queue.waitUntilReady().catch(() => undefined), moment]);
    clearTimeout(timer);
    await this.queue.close();
  }
}
