import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStallingRedisProxy } from "../../../tests/support/stalling-redis-proxy.js";
import { TrialQueue } from "../src/trial-queue.js";

// BullMQ fails a connection's start-up (its Redis version check) when the connection is closed
// meanwhile, and emits that failure with no listener left: an unhandled error that ends the
// process. A Redis that stalls just after connecting holds the start-up open for 3 s here; any
// such error would fail this file (vitest reports unhandled errors).
let proxy: Awaited<ReturnType<typeof startStallingRedisProxy>>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  proxy = await startStallingRedisProxy(process.env.REDIS_URL!, 3000);
});
afterAll(async () => {
  await proxy?.close();
});

describe("TrialQueue.close", () => {
  it("a queue that was never used opens no connection and closes at once", async () => {
    const queue = new TrialQueue(proxy.url, `close-unused-${randomUUID()}`);
    const started = Date.now();
    await queue.close();
    expect(Date.now() - started).toBeLessThan(100);
  });

  it("a connection closed while it is still starting waits for it, then closes cleanly", async () => {
    const queue = new TrialQueue(proxy.url, `close-starting-${randomUUID()}`);
    const counts = queue.counts(); // connects; start-up now waits on the stalled version check
    await sleep(500);
    const started = Date.now();
    await queue.close();
    expect(Date.now() - started).toBeGreaterThan(1000); // it waited for the stalled start-up
    await counts.catch(() => undefined);
    await sleep(3500); // past the stall: a late start-up failure would surface now
  });
});
