import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient, Orchestrator, TrialQueue } from "@gemsweep/db";
import { exited, startWorker, waitFor } from "../../../tests/support/gemsweep-cli.js";
import { webgpuAdapterHere } from "../../../tests/support/webgpu-backend.js";

const prisma = createPrismaClient(process.env.DATABASE_URL!);
const queues: TrialQueue[] = [];

function orchestratorOn(queueName: string): Orchestrator {
  const queue = new TrialQueue(process.env.REDIS_URL!, queueName);
  queues.push(queue);
  return new Orchestrator(prisma, queue);
}

afterAll(async () => {
  for (const q of queues) {
    await q.queue.obliterate({ force: true }).catch(() => undefined);
    await q.close();
  }
  await prisma.$disconnect();
});

const trialsOf = (sweepId: string) => prisma.trial.findMany({ where: { sweepId }, include: { attempts: { orderBy: { number: "asc" } }, epochs: { orderBy: { epoch: "asc" } } } });

describe("gemsweep worker (real processes, queue and database)", () => {
  it("trains fashion-mnist-mlp on the real Debian data to >= 80% test accuracy in one epoch", async () => {
    const queue = `worker-train-${randomUUID()}`;
    const orchestrator = orchestratorOn(queue);
    const { id } = await orchestrator.submit({
      name: "worker-train",
      benchmark: "fashion-mnist-mlp",
      seeds: [0],
      activations: ["gelu", { name: "e-gem", N: 1, eps: 0.1 }],
      overrides: { epochs: 1, trainLimit: 20000 },
    });
    const worker = startWorker(["--backend", "wasm"], { GEMSWEEP_QUEUE: queue, GEMSWEEP_WORKER_ID: `train-${randomUUID()}` });
    await worker.ready;
    await waitFor(async () => (await orchestrator.sweeps.getSweep(id)).status === "COMPLETED", 240_000, "the sweep to complete");
    worker.child.kill("SIGTERM");
    expect(await exited(worker.child)).toBe(0);
    for (const trial of await trialsOf(id)) {
      expect(trial.status).toBe("COMPLETED");
      expect(trial.finalMetric).toBeGreaterThanOrEqual(0.8);
      expect(trial.epochs).toHaveLength(1);
      expect(trial.epochs[0]!.samplesPerSec).toBeGreaterThan(0);
      // validation held out of train: the epoch's selection metric is validation's, the trial reports test's
      const epoch = trial.epochs[0]!;
      expect(epoch.valMetric).toBeGreaterThan(0.7);
      expect(epoch.metric).toBe(epoch.valMetric);
      expect(epoch.testMetric).toBe(trial.finalMetric);
      expect(epoch.testLoss).toBe(trial.finalLoss);
      expect(epoch.lr).toBe(1e-3);
      expect([trial.bestEpoch, trial.bestMetric]).toEqual([1, epoch.testMetric]);
      expect(Array.isArray(trial.epochs[0]!.health)).toBe(true);
      expect(trial.attempts.map((a) => a.status)).toEqual(["COMPLETED"]);
    }
    const workerRow = await prisma.worker.findFirstOrThrow({ where: { id: { startsWith: "train-" } }, orderBy: { startedAt: "desc" } });
    expect(workerRow).toMatchObject({ backend: "wasm", status: "STOPPED" });
  });

  // The GPU workers' backend, on lavapipe here (scripts/test.sh requires it when setup could install it).
  it.skipIf(!webgpuAdapterHere())("a webgpu worker trains the trials on its device and registers it", async () => {
    const queue = `worker-webgpu-${randomUUID()}`;
    const orchestrator = orchestratorOn(queue);
    const { id } = await orchestrator.submit({
      name: "worker-webgpu",
      benchmark: "fashion-mnist-mlp",
      seeds: [0],
      activations: ["gelu", { name: "se-gem", N: 1, eps: 0.01, alpha: 0.01 }],
      overrides: { epochs: 1, trainLimit: 2048, testLimit: 1000 },
    });
    const workerId = `webgpu-${randomUUID()}`;
    const worker = startWorker(["--backend", "webgpu"], { GEMSWEEP_QUEUE: queue, GEMSWEEP_WORKER_ID: workerId, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? "/tmp" });
    await worker.ready;
    await waitFor(async () => (await orchestrator.sweeps.getSweep(id)).status === "COMPLETED", 180_000, "the sweep to complete");
    worker.child.kill("SIGTERM");
    expect(await exited(worker.child)).toBe(0);
    for (const trial of await trialsOf(id)) {
      expect(trial.status).toBe("COMPLETED");
      expect(trial.finalMetric).toBeGreaterThan(0.6); // 2048 real images, one epoch
      expect(trial.attempts.map((a) => a.workerId)).toEqual([workerId]);
    }
    const row = await prisma.worker.findUniqueOrThrow({ where: { id: workerId } });
    expect(row.backend).toBe("webgpu");
    expect(row.device).not.toBe("");
  });

  it("a SIGKILLed worker's trial completes on another worker with every epoch recorded once", async () => {
    const queue = `worker-kill-${randomUUID()}`;
    const orchestrator = orchestratorOn(queue);
    const { id } = await orchestrator.submit({ name: "worker-kill", benchmark: "sleep", seeds: [0], activations: ["gelu"], overrides: { epochs: 5, sleepMs: 700 } });
    const env = { GEMSWEEP_QUEUE: queue };
    const first = startWorker(["--backend", "cpu"], { ...env, GEMSWEEP_WORKER_ID: `doomed-${randomUUID()}` });
    await first.ready;
    await waitFor(async () => ((await trialsOf(id))[0]!.epochsDone >= 2 ? true : undefined), 60_000, "two epochs on the first worker");
    first.child.kill("SIGKILL");
    const killedAt = Date.now();
    await exited(first.child);
    const checkpoint = (await trialsOf(id))[0]!.attempts[0]!.checkpoint;
    expect(checkpoint && existsSync(checkpoint)).toBe(true); // what the next attempt resumes from
    const second = startWorker(["--backend", "cpu"], { ...env, GEMSWEEP_WORKER_ID: `rescuer-${randomUUID()}` });
    await second.ready;
    const resumed = await waitFor(async () => (await trialsOf(id))[0]!.attempts.find((a) => a.number === 2), 90_000, "a second attempt");
    await waitFor(async () => (await orchestrator.sweeps.getSweep(id)).status === "COMPLETED", 60_000, "the sweep to complete");
    second.child.kill("SIGTERM");
    await exited(second.child);
    const [trial] = await trialsOf(id);
    console.log(`kill -> resume on another worker: ${((resumed.startedAt.getTime() - killedAt) / 1000).toFixed(1)} s`);
    expect(trial!.status).toBe("COMPLETED");
    expect(trial!.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(trial!.attempts.map((a) => a.status)).toEqual(["STALLED", "COMPLETED"]);
    expect(trial!.attempts[1]!.workerId).toMatch(/^rescuer-/);
    // resumed from the checkpoint: the epochs before the kill stay the first attempt's
    const byAttempt = trial!.epochs.map((e) => (e.attemptId === trial!.attempts[0]!.id ? 1 : 2));
    expect(byAttempt.slice(0, 2)).toEqual([1, 1]);
    expect(byAttempt.at(-1)).toBe(2);
    // a final result needs no checkpoint: the worker deleted it (GEMSWEEP_KEEP_CHECKPOINTS=1 keeps it)
    expect(trial!.attempts[1]!.checkpoint).toBe(checkpoint);
    expect(existsSync(checkpoint!)).toBe(false);
  });

  it("SIGTERM drains: the running trial is handed back and finishes on the next worker", async () => {
    const queue = `worker-drain-${randomUUID()}`;
    const orchestrator = orchestratorOn(queue);
    const { id } = await orchestrator.submit({ name: "worker-drain", benchmark: "sleep", seeds: [0], activations: ["gelu"], overrides: { epochs: 4, sleepMs: 800 } });
    const env = { GEMSWEEP_QUEUE: queue };
    const first = startWorker(["--backend", "cpu"], { ...env, GEMSWEEP_WORKER_ID: `drained-${randomUUID()}` });
    await first.ready;
    await waitFor(async () => ((await trialsOf(id))[0]!.epochsDone >= 1 ? true : undefined), 60_000, "one epoch");
    const signalled = Date.now();
    first.child.kill("SIGTERM");
    expect(await exited(first.child)).toBe(0);
    console.log(`SIGTERM -> worker exited: ${((Date.now() - signalled) / 1000).toFixed(1)} s`);
    const [handedBack] = await trialsOf(id);
    expect(handedBack!.status).toBe("QUEUED");
    expect(handedBack!.attempts.map((a) => a.status)).toEqual(["INTERRUPTED"]);
    const counts = await queues.at(-1)!.counts();
    expect((counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0)).toBe(1);

    const second = startWorker(["--backend", "cpu"], env);
    await second.ready;
    await waitFor(async () => (await orchestrator.sweeps.getSweep(id)).status === "COMPLETED", 60_000, "the sweep to complete");
    second.child.kill("SIGTERM");
    await exited(second.child);
    const [trial] = await trialsOf(id);
    expect(trial!.attempts.map((a) => a.status)).toEqual(["INTERRUPTED", "COMPLETED"]);
    expect(trial!.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
  });

  it("a trial that fails on purpose is retried with backoff, then completes; attempts are numbered", async () => {
    const queue = `worker-retry-${randomUUID()}`;
    const orchestrator = orchestratorOn(queue);
    const { id } = await orchestrator.submit({ name: "worker-retry", benchmark: "sleep", seeds: [0], activations: ["gelu"], overrides: { epochs: 1, sleepMs: 10, failTimes: 1 } });
    const worker = startWorker(["--backend", "cpu"], { GEMSWEEP_QUEUE: queue });
    await worker.ready;
    await waitFor(async () => (await orchestrator.sweeps.getSweep(id)).status === "COMPLETED", 60_000, "the sweep to complete");
    worker.child.kill("SIGTERM");
    await exited(worker.child);
    const [trial] = await trialsOf(id);
    expect(trial!.attempts.map((a) => [a.number, a.status])).toEqual([
      [1, "FAILED"],
      [2, "COMPLETED"],
    ]);
    expect(trial!.attempts[0]!.error).toMatch(/fails on purpose/);
  });
});
