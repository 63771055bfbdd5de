// Why: guessing tokens must be slow: after too many refused tokens from one address in a
// minute, that address gets 429 (with Retry-After) for anything that needs a token.

const WINDOW_MS = 60_000;
const MAX_TRACKED = 10_000;

interface Window {
  startedAt: number;
  failures: number;
}

/** Failures per address in fixed one-minute windows, kept in this server process's memory. */
export class FailedAuthLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    /** refused tokens allowed per address and minute; the next request is answered 429 */
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `address` may present a token again, or 0 when it may now. */
  retryAfterSeconds(address: string): number {
    const window = this.current(address);
    if (!window || window.failures < this.limit) return 0;
    return Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - this.now()) / 1000));
  }

  recordFailure(address: string): void {
    const window = this.current(address);
    if (window) window.failures += 1;
    else {
      if (this.windows.size >= MAX_TRACKED) this.forgetExpired();
      this.windows.set(address, { startedAt: this.now(), failures: 1 });
    }
  }

  private current(address: string): Window | undefined {
    const window = this.windows.get(address);
    if (window && this.now() - window.startedAt >= WINDOW_MS) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }

  private forgetExpired(): void {
    for (const address of [...this.windows.keys()]) this.current(address);
    if (this.windows.size >= MAX_TRACKED) this.windows.clear(); // a flood of addresses: start over rather than grow
  }
}

const holder = globalThis as typeof globalThis & { __gemsweepFailedAuth?: FailedAuthLimiter };

/** This process's limiter: GEMSWEEP_AUTH_FAILURES_PER_MINUTE refused tokens per address (default 10). */
export function failedAuthLimiter(): FailedAuthLimiter {
  if (!holder.__gemsweepFailedAuth) {
    const configured = Number.parseInt(process.env.GEMSWEEP_AUTH_FAILURES_PER_MINUTE ?? "", 10);
    holder.__gemsweepFailedAuth = new FailedAuthLimiter(
      Number.isFinite(configured) && configured > 0 ? configured : 10,
    );
  }
  return holder.__gemsweepFailedAuth;
}
