// Why: each attempt's structured log (pino) goes to PostgreSQL in batches, bounded, without ever failing the trial.
import { pino, type Logger } from "pino";
import { TRIAL_LOG_MAX_LINES, type TrialLogLineInput, type TrialLogStore } from "@gemsweep/db";

/** Pending lines are written at least this often while the attempt runs (what `gemsweep logs --follow` sees). */
const FLUSH_EVERY_MS = 1000;

/**
 * One attempt's logger. Lines (pino's JSON: level, time, msg and fields such as an epoch's
 * metrics or `err` with its stack) are buffered and written by TrialLogStore every
 * FLUSH_EVERY_MS and at close; while the database cannot take them, only the newest
 * TRIAL_LOG_MAX_LINES are kept, as the store keeps them.
 */
export class AttemptLog {
  readonly logger: Logger;
  private pending: TrialLogLineInput[] = [];
  private seq = 0;
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  /** writes that failed (the lines stay pending for the next one) */
  failures = 0;

  constructor(
    private readonly store: Pick<TrialLogStore, "append">,
    private readonly trialId: string,
    private readonly attemptId: string,
  ) {
    this.logger = pino(
      { base: undefined, level: "info" },
      { write: (line: string) => this.take(line) },
    );
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  private take(line: string): void {
    const { level, time, msg, ...data } = JSON.parse(line) as {
      level: number;
      time: number;
      msg?: string;
    } & Record<string, unknown>;
    this.pending.push({ seq: ++this.seq, time, level, msg: msg ?? "", data });
    if (this.pending.length > TRIAL_LOG_MAX_LINES)
      this.pending.splice(0, this.pending.length - TRIAL_LOG_MAX_LINES);
  }

  /** Writes what is pending (one statement); writes run one after another. */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (this.pending.length === 0) return;
      const lines = this.pending;
      this.pending = [];
      try {
        await this.store.append(this.trialId, this.attemptId, lines);
      } catch {
        this.failures++;
        this.pending = [...lines, ...this.pending].slice(-TRIAL_LOG_MAX_LINES);
      }
    });
    return this.writing;
  }

  /** Stops the timer and writes the rest. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
