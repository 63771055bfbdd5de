import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GemSweepStorage, migrateDatabase, TrialQueue } from "@gemsweep/db";
import { createScratchDatabase } from "../../../packages/db/test/test-database.js";
import { waitFor } from "../../../tests/support/gemsweep-cli.js";
import { GemSweepWorker } from "../src/gemsweep-worker.js";

// The worker's heartbeat runs the orchestrator's reaper (Orchestrator.reap): a trial whose worker
// died and whose job the queue lost comes back as queued work and is trained by a live worker.
// A database of its own: the reaper looks at every stale attempt, not only this file's.

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let storage: GemSweepStorage;
let queue: TrialQueue;
let checkpointDir: string;
const queueName = `worker-reaper-${randomUUID()}`;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  await migrateDatabase(scratch.url);
  storage = GemSweepStorage.open(scratch.url, { max: 2 });
  queue = new TrialQueue(process.env.REDIS_URL!, queueName);
  checkpointDir = await mkdtemp(path.join(os.tmpdir(), "gemsweep-reaper-"));
});

afterAll(async () => {
  await queue?.queue.obliterate({ force: true });
  await queue?.close();
  await storage?.close();
  await scratch?.drop();
  await rm(checkpointDir, { recursive: true, force: true });
});

describe("the worker's reaper", () => {
  it("requeues a dead worker's trial that the queue lost, and a live worker trains it", async () => {
    const { id } = await storage.orchestrator(queue).submit({
      name: "reaped",
      benchmark: "sleep",
      seeds: [0],
      activations: ["gelu"],
      overrides: { epochs: 1 },
    });
    const [trial] = await storage.sweepTrialList(id);
    const dead = `dead-${randomUUID()}`;
    await storage.workers.register({ id: dead, host: "gone", pid: 1, backend: "cpu", device: "cpu", concurrency: 1 });
    const start = await storage.trials.beginAttempt(trial!.id, dead);
    expect(start.kind).toBe("run");
    await queue.remove([trial!.id]); // the queue lost the job (a Redis that lost its data)
    await new Promise((resolve) => setTimeout(resolve, 1200)); // the dead worker is now past staleAfterMs

    const workerId = `reaper-${randomUUID()}`;
    const worker = new GemSweepWorker({
      redisUrl: process.env.REDIS_URL!,
      databaseUrl: scratch.url,
      queue: queueName,
      backend: "cpu",
      checkpointDir,
      workerId,
      heartbeatMs: 200,
      staleAfterMs: 1000,
    });
    await worker.start();
    try {
      await waitFor(async () => (await storage.sweeps.getSweep(id)).status === "COMPLETED", 60_000, "the reaped trial to complete");
    } finally {
      await worker.stop();
    }
    const detail = await storage.trialDetail(trial!.id);
    expect(detail.status).toBe("COMPLETED");
    expect(detail.attempts.map((a) => [a.number, a.status, a.workerId])).toEqual([
      [1, "STALLED", dead],
      [2, "COMPLETED", workerId],
    ]);
  });
});
