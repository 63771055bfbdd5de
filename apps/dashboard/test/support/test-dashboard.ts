import { randomUUID } from "node:crypto";
import { ensureBuild } from "../../tools/ensure-build.js";
import { startDashboard, type RunningDashboard } from "../../tools/start-dashboard.js";

export interface TestDashboard extends RunningDashboard {
  /** This server's own BullMQ queue (nothing else in the run consumes it unless told to). */
  queue: string;
}

/** Hook timeout for starting a dashboard: covers a `next build` on a busy 2-core machine. */
export const START_TIMEOUT_MS = 15 * 60_000;

/**
 * The production dashboard against the run's real Redis + Postgres (from the services
 * global setup), on a free port with a unique queue; builds first when the build is stale.
 */
export async function startTestDashboard(
  options: {
    /** GEMSWEEP_API_TOKEN (the bootstrap admin token) */
    token?: string;
    queue?: string;
    /** another database than the run's (auth is on as soon as a database holds a token) */
    databaseUrl?: string;
    /** more environment, e.g. GEMSWEEP_METRICS_AUTH */
    env?: Record<string, string>;
  } = {},
): Promise<TestDashboard> {
  const redisUrl = process.env.REDIS_URL;
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!redisUrl || !databaseUrl) throw new Error("REDIS_URL / DATABASE_URL unset: run in the vitest 'services' project");
  await ensureBuild();
  const queue = options.queue ?? `dashboard-test-${randomUUID()}`;
  const running = await startDashboard({
    GEMSWEEP_AUTH_FAILURES_PER_MINUTE: "",
    GEMSWEEP_METRICS_AUTH: "",
    GEMSWEEP_TRUST_PROXY: "",
    ...options.env,
    REDIS_URL: redisUrl,
    DATABASE_URL: databaseUrl,
    GEMSWEEP_QUEUE: queue,
    GEMSWEEP_API_TOKEN: options.token ?? "",
  });
  return { ...running, queue };
}

export interface Sent {
  status: number;
  headers: Headers;
  text: string;
  json: <T = unknown>() => T;
}

/** fetch + the body read once, as text and (lazily) JSON. */
export async function send(url: string, init: RequestInit = {}): Promise<Sent> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}

export type ErrorBody = { errors: { path: string; message: string }[] };
