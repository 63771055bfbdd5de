import { Redis } from "ioredis";
import type { GemSweepStorage } from "@gemsweep/db";

interface Probe {
  ok: boolean;
  ms: number;
  error?: string;
}

async function probe(fn: () => Promise<unknown>, timeoutMs: number): Promise<Probe> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, ms: Math.round(performance.now() - started), error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** Pings Redis (a short-lived connection: health must not reuse a wedged one) and Postgres. */
export async function healthCheck(storage: Pick<GemSweepStorage, "ping">, redisUrl: string) {
  const [redis, postgres] = await Promise.all([
    probe(async () => {
      const client = new Redis(redisUrl, { maxRetriesPerRequest: 0, enableOfflineQueue: true, connectTimeout: 2000, retryStrategy: () => null });
      client.on("error", () => undefined);
      try {
        await client.ping();
      } finally {
        client.disconnect();
      }
    }, 3000),
    probe(() => storage.ping(), 3000),
  ]);
  return { status: redis.ok && postgres.ok ? ("ok" as const) : ("degraded" as const), redis, postgres };
}
