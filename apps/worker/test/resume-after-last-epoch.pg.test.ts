import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GemSweepStorage, TrialQueue } from "@gemsweep/db";
import { saveCheckpoint, type EpochMetrics } from "@gemsweep/trainer";
import { testDatabaseUrl } from "../../../packages/db/test/test-database.js";
import { waitFor } from "../../../tests/support/gemsweep-cli.js";
import { GemSweepWorker } from "../src/gemsweep-worker.js";

// A worker killed after writing the checkpoint of a trial's last epoch but before recording the
// result (the last epoch is written with the result): the next attempt resumes with nothing left
// to train, and must still record that epoch. The soak found the trial COMPLETED with its last
// epoch row missing and a result its epoch rows did not show.

let storage: GemSweepStorage;
let queue: TrialQueue;
let checkpointDir: string;
const queueName = `resume-last-${randomUUID()}`;

beforeAll(async () => {
  storage = GemSweepStorage.open(testDatabaseUrl(), { max: 2 });
  queue = new TrialQueue(process.env.REDIS_URL!, queueName);
  checkpointDir = await mkdtemp(path.join(os.tmpdir(), "gemsweep-resume-last-"));
});

afterAll(async () => {
  await queue?.queue.obliterate({ force: true });
  await queue?.close();
  await storage?.close();
  await rm(checkpointDir, { recursive: true, force: true });
});

const epoch = (n: number): EpochMetrics => ({
  epoch: n, loss: 1 / n, metric: 0.5 + n / 10, metricName: "none", valMetric: null, valLoss: null, testMetric: 0.5 + n / 10, testLoss: 1 / n,
  trainLoss: 1 / n, lr: 0, samplesPerSec: 0, epochSeconds: 0.01, gradNorm: 0, gradNormMax: 0, deadFraction: 0, nearDeadFraction: 0, health: [], steps: 0,
});

describe("a trial resumed from the checkpoint of its last epoch", () => {
  it("records the last epoch with the result", async () => {
    // submitted to nobody yet: the first attempt is played by hand, the worker comes later
    const { id } = await storage.orchestrator(queue).submit({ name: "resume-last", benchmark: "sleep", seeds: [0], activations: ["gelu"], overrides: { epochs: 3, sleepMs: 10 } });
    const [trial] = await storage.sweepTrialList(id);
    const gone = `gone-${randomUUID()}`;
    await storage.workers.register({ id: gone, host: "gone", pid: 1, backend: "cpu", device: "cpu", concurrency: 1 });
    const first = await storage.trials.beginAttempt(trial!.id, gone);
    if (first.kind !== "run") throw new Error("expected a run");
    await storage.trials.recordEpoch(trial!.id, first.attemptId, { epoch: 1, loss: 1, metric: 0.6 });
    await storage.trials.recordEpoch(trial!.id, first.attemptId, { epoch: 2, loss: 0.5, metric: 0.7 });
    // ... trained epoch 3 and wrote its checkpoint, then died before finishAttempt
    const meta = { benchmark: "sleep", seed: 0, activation: { name: "gelu" }, epoch: 3, optimizerStep: 0, rngState: [0, 0, 0, 0] as [number, number, number, number], epochs: [epoch(1), epoch(2), epoch(3)] };
    await saveCheckpoint(path.join(checkpointDir, trial!.id), meta, []);

    const workerId = `w-${randomUUID()}`;
    const worker = new GemSweepWorker({ redisUrl: process.env.REDIS_URL!, databaseUrl: testDatabaseUrl(), queue: queueName, backend: "cpu", checkpointDir, workerId });
    await worker.start();
    try {
      await waitFor(async () => (await storage.sweeps.getSweep(id)).status === "COMPLETED", 60_000, "the trial to complete");
    } finally {
      await worker.stop();
    }
    const detail = await storage.trialDetail(trial!.id);
    expect(detail).toMatchObject({ status: "COMPLETED", epochsDone: 3 });
    expect(detail.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(detail.attempts.map((a) => [a.number, a.status])).toEqual([[1, "STALLED"], [2, "COMPLETED"]]);
  });
});
