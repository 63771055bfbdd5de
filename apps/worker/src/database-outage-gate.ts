// Why: a worker that cannot reach PostgreSQL takes no trial jobs until it can again, so it does
// not take jobs from workers that could run them only to hand each back a moment later.
import type { Worker } from "bullmq";

/** How often a paused worker asks whether its database answers again. */
const PROBE_EVERY_MS = 1000;

/**
 * Pauses the worker's job fetching on the first sign of a database outage (a trial handed back
 * because nothing could be recorded), probes the database every second, and resumes fetching
 * when it answers. Trials already running are left alone: each finds the outage itself.
 */
export class DatabaseOutageGate {
  private probing?: NodeJS.Timeout;
  private pausedAt = 0;

  constructor(
    private readonly bull: () => Worker | undefined,
    private readonly probe: () => Promise<void>,
    private readonly log: (line: string) => void,
    /** true while the worker drains: it must not start fetching again */
    private readonly stopping: () => boolean,
  ) {}

  get paused(): boolean {
    return this.probing !== undefined;
  }

  /** The database did not answer: stop fetching (once) until a probe gets through. */
  noticeOutage(): void {
    const bull = this.bull();
    if (this.probing || !bull || this.stopping()) return;
    this.pausedAt = Date.now();
    void bull.pause(true); // true: do not wait for the running trials
    this.log("database unreachable: taking no trial jobs until it answers");
    let inFlight = false;
    this.probing = setInterval(() => {
      if (inFlight) return;
      inFlight = true;
      this.probe().then(
        () => this.reopen(),
        () => undefined,
      ).finally(() => (inFlight = false));
    }, PROBE_EVERY_MS);
    this.probing.unref();
  }

  private reopen(): void {
    if (!this.probing) return;
    clearInterval(this.probing);
    this.probing = undefined;
    if (this.stopping()) return;
    this.bull()?.resume();
    this.log(`database answers again after ${((Date.now() - this.pausedAt) / 1000).toFixed(1)} s: taking trial jobs`);
  }

  dispose(): void {
    if (this.probing) clearInterval(this.probing);
    this.probing = undefined;
  }
}
