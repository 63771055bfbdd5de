import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createPrismaClient } from "../src/prisma-client.js";
import { Orchestrator } from "../src/orchestrator.js";
import { TrialQueue } from "../src/trial-queue.js";
import { TrialStore } from "../src/trial-store.js";
import { WorkerStore } from "../src/worker-store.js";
import { sweepTable } from "../src/results-query.js";
import { testDatabaseUrl } from "./test-database.js";

const prisma = createPrismaClient(testDatabaseUrl());
const queue = new TrialQueue(process.env.REDIS_URL!, `test-orchestrator-${randomUUID()}`);
const orchestrator = new Orchestrator(prisma, queue);
const trials = new TrialStore(prisma);
const workers = new WorkerStore(prisma);

afterAll(async () => {
  await queue.queue.obliterate({ force: true });
  await queue.close();
  await prisma.$disconnect();
});

const spec = `
name: orchestrator-test
benchmark: sleep
seeds: [0, 1, 2]
activations: [relu, gelu, { name: e-gem, eps: [0.1, 1] }]
overrides: { epochs: 2 }
`;

describe("Orchestrator against the real Postgres and Redis", () => {
  it("submits a sweep: every (config, seed) once in the database and once in the queue", async () => {
    const { id, trials: count } = await orchestrator.submit(spec);
    expect(count).toBe(12);
    const rows = await prisma.trial.findMany({ where: { sweepId: id } });
    expect(new Set(rows.map((r) => `${r.configKey}#${r.seed}`)).size).toBe(12);
    expect((await queue.counts()).waiting).toBe(12);
    // resume re-enqueues the same jobs: the queue dedupes on the trial id
    expect((await orchestrator.resume(id)).requeued).toBe(12);
    expect((await queue.counts()).waiting).toBe(12);
  });

  it("rejects an invalid spec naming the field, storing nothing", async () => {
    const before = await prisma.sweep.count();
    await expect(orchestrator.submit({ name: "bad", benchmark: "sleep", seeds: [0], activations: ["gelu", { name: "e-gem", eps: -1 }] })).rejects.toMatchObject({
      code: "INVALID_SPEC",
      issues: [{ path: "activations.1.eps", message: "eps must be > 0" }],
    });
    expect(await prisma.sweep.count()).toBe(before);
  });

  it("records epochs idempotently and builds the table from completed trials", async () => {
    const { id } = await orchestrator.submit(spec);
    const workerId = `w-${randomUUID()}`;
    await workers.register({ id: workerId, host: "test", pid: 1, backend: "cpu", device: "cpu", concurrency: 1 });
    const all = await prisma.trial.findMany({ where: { sweepId: id } });
    for (const trial of all) {
      const start = await trials.beginAttempt(trial.id, workerId);
      if (start.kind !== "run") throw new Error("expected to run");
      const metric = trial.activation === "relu" ? 0.8 + trial.seed * 0.01 : 0.7 + trial.seed * 0.01;
      await trials.recordEpoch(trial.id, start.attemptId, { epoch: 1, loss: 1, metric });
      await trials.recordEpoch(trial.id, start.attemptId, { epoch: 1, loss: 1, metric }); // a retried write
      await trials.finishAttempt(trial.id, start.attemptId, { status: "COMPLETED", finalMetric: metric, bestMetric: metric, finalLoss: 1 });
    }
    expect(await prisma.epochMetric.count({ where: { trial: { sweepId: id } } })).toBe(12);
    expect((await orchestrator.sweeps.refreshStatus(id))).toBe("COMPLETED");
    // a finished trial is never started again
    expect(await trials.beginAttempt(all[0]!.id, workerId)).toEqual({ kind: "skip", status: "COMPLETED" });

    const table = await sweepTable(prisma, id);
    const relu = table.rows.find((r) => r.key === "relu")!;
    expect(relu.cells[0]!.n).toBe(3);
    expect(relu.cells[0]!.mean).toBeCloseTo(0.81, 10);
    expect(relu.cells[0]!.delta).toBeCloseTo(0.1, 10);
    expect(relu.cells[0]!.pairs).toBe(3);
    expect(relu.cells[0]!.mark).toBe("***");
  });

  it("reaps attempts of a worker that stopped heartbeating and re-enqueues them", async () => {
    const { id } = await orchestrator.submit(spec);
    await queue.queue.drain();
    const workerId = `dead-${randomUUID()}`;
    await workers.register({ id: workerId, host: "test", pid: 2, backend: "cpu", device: "cpu", concurrency: 1 });
    const trial = (await prisma.trial.findFirst({ where: { sweepId: id } }))!;
    const start = await trials.beginAttempt(trial.id, workerId);
    expect(start.kind).toBe("run");
    await prisma.worker.update({ where: { id: workerId }, data: { lastHeartbeat: new Date(Date.now() - 120_000) } });
    await prisma.attempt.updateMany({ where: { trialId: trial.id }, data: { startedAt: new Date(Date.now() - 120_000) } });
    const reaped = await orchestrator.reap(30_000);
    expect(reaped.map((j) => j.trialId)).toEqual([trial.id]);
    expect((await prisma.trial.findUniqueOrThrow({ where: { id: trial.id } })).status).toBe("QUEUED");
    expect((await prisma.attempt.findFirstOrThrow({ where: { trialId: trial.id } })).status).toBe("STALLED");
    expect((await queue.counts()).waiting).toBe(1);
    // the next attempt is number 2
    const again = await trials.beginAttempt(trial.id, workerId);
    expect(again).toMatchObject({ kind: "run", number: 2 });
  });

  it("never reaps an attempt whose job the queue still holds (a database outage makes every heartbeat old)", async () => {
    const { id } = await orchestrator.submit(spec);
    const workerId = `quiet-${randomUUID()}`;
    await workers.register({ id: workerId, host: "test", pid: 3, backend: "cpu", device: "cpu", concurrency: 1 });
    const trial = (await prisma.trial.findFirst({ where: { sweepId: id } }))!;
    expect(await queue.isPending(trial.id)).toBe(true);
    await trials.beginAttempt(trial.id, workerId);
    await prisma.worker.update({ where: { id: workerId }, data: { lastHeartbeat: new Date(Date.now() - 120_000) } });
    await prisma.attempt.updateMany({ where: { trialId: trial.id }, data: { startedAt: new Date(Date.now() - 120_000) } });
    expect(await orchestrator.reap(30_000)).toEqual([]);
    expect((await prisma.attempt.findFirstOrThrow({ where: { trialId: trial.id } })).status).toBe("RUNNING");
  });

  it("a superseded attempt's late result changes nothing; its worker is told to stop", async () => {
    const { id } = await orchestrator.submit(spec);
    const workerId = `w-${randomUUID()}`;
    await workers.register({ id: workerId, host: "test", pid: 4, backend: "cpu", device: "cpu", concurrency: 1 });
    const trial = (await prisma.trial.findFirst({ where: { sweepId: id } }))!;
    const first = await trials.beginAttempt(trial.id, workerId);
    const second = await trials.beginAttempt(trial.id, workerId); // the job re-delivered: attempt 1 is STALLED
    if (first.kind !== "run" || second.kind !== "run") throw new Error("expected runs");
    expect(await trials.stopReason(trial.id, first.attemptId)).toBe("superseded");
    expect(await trials.stopReason(trial.id, second.attemptId)).toBeNull();
    // its late epoch (a worker back from a partition) writes nothing and says so
    await trials.recordEpoch(trial.id, second.attemptId, { epoch: 1, loss: 1, metric: 0.9 });
    expect(await trials.recordEpoch(trial.id, first.attemptId, { epoch: 1, loss: 5, metric: 0.1 })).toBe(false);
    expect(await trials.recordEpoch(trial.id, first.attemptId, { epoch: 2, loss: 5, metric: 0.1 })).toBe(false);
    const epochs = await prisma.epochMetric.findMany({ where: { trialId: trial.id } });
    expect(epochs.map((e) => [e.epoch, e.metric, e.attemptId])).toEqual([[1, 0.9, second.attemptId]]);
    expect((await prisma.trial.findUniqueOrThrow({ where: { id: trial.id } })).epochsDone).toBe(1);
    await trials.finishAttempt(trial.id, first.attemptId, { status: "COMPLETED", finalMetric: 0.1, bestMetric: 0.1, finalLoss: 1 });
    const afterLate = await prisma.trial.findUniqueOrThrow({ where: { id: trial.id } });
    expect(afterLate.status).toBe("RUNNING");
    expect(afterLate.finalMetric).toBeNull();
    await trials.finishAttempt(trial.id, second.attemptId, { status: "COMPLETED", finalMetric: 0.9, bestMetric: 0.9, finalLoss: 1 });
    const done = await prisma.trial.findUniqueOrThrow({ where: { id: trial.id }, include: { attempts: { orderBy: { number: "asc" } } } });
    expect(done.finalMetric).toBe(0.9);
    expect(done.attempts.map((a) => a.status)).toEqual(["STALLED", "COMPLETED"]);
  });

  it("an epoch write racing the takeover waits for it and then writes nothing (the attempt row is re-read under its lock)", async () => {
    const { id } = await orchestrator.submit(spec);
    const workerId = `w-${randomUUID()}`;
    await workers.register({ id: workerId, host: "test", pid: 5, backend: "cpu", device: "cpu", concurrency: 1 });
    const trial = (await prisma.trial.findFirst({ where: { sweepId: id } }))!;
    const first = await trials.beginAttempt(trial.id, workerId);
    if (first.kind !== "run") throw new Error("expected a run");
    // A takeover in flight, as beginAttempt does it: trial row locked, the old attempt STALLED, not yet committed.
    const takeover = new pg.Client({ connectionString: testDatabaseUrl() });
    await takeover.connect();
    await takeover.query("BEGIN");
    await takeover.query(`SELECT id FROM "Trial" WHERE id = $1 FOR UPDATE`, [trial.id]);
    await takeover.query(`UPDATE "Attempt" SET status = 'STALLED', "finishedAt" = now() WHERE id = $1`, [first.attemptId]);
    const late = trials.recordEpoch(trial.id, first.attemptId, { epoch: 1, loss: 5, metric: 0.1 });
    await new Promise((r) => setTimeout(r, 300)); // the write is now waiting for the trial row
    await takeover.query("COMMIT");
    await takeover.end();
    expect(await late).toBe(false);
    expect(await prisma.epochMetric.count({ where: { trialId: trial.id } })).toBe(0);
  });

  it("cancel ends open trials and empties their jobs; resume brings them back", async () => {
    const { id } = await orchestrator.submit(spec);
    expect((await orchestrator.cancel(id)).cancelled).toBe(12);
    expect((await orchestrator.sweeps.getSweep(id)).counts.CANCELLED).toBe(12);
    expect((await orchestrator.resume(id)).requeued).toBe(12);
    expect((await orchestrator.sweeps.getSweep(id)).counts.QUEUED).toBe(12);
  });

  it("finishAttempt tells whether other trials are open; completeFinishedSweeps settles simultaneous finishes", async () => {
    const { id } = await orchestrator.submit({ name: "two", benchmark: "sleep", seeds: [0, 1], activations: ["gelu"] });
    const workerId = `w-${randomUUID()}`;
    await workers.register({ id: workerId, host: "test", pid: 5, backend: "cpu", device: "cpu", concurrency: 2 });
    const [a, b] = await prisma.trial.findMany({ where: { sweepId: id } });
    const startA = await trials.beginAttempt(a!.id, workerId);
    const startB = await trials.beginAttempt(b!.id, workerId);
    if (startA.kind !== "run" || startB.kind !== "run") throw new Error("expected runs");
    const done = { status: "COMPLETED", finalMetric: null, bestMetric: null, finalLoss: null } as const;
    expect(await trials.finishAttempt(a!.id, startA.attemptId, done)).toEqual({ othersOpen: true });
    expect(await trials.finishAttempt(b!.id, startB.attemptId, done)).toEqual({ othersOpen: false });
    // as if both had seen the other open: nobody called refreshStatus
    expect((await orchestrator.sweeps.getSweep(id)).status).toBe("RUNNING");
    expect(await orchestrator.sweeps.completeFinishedSweeps()).toBeGreaterThanOrEqual(1);
    expect((await orchestrator.sweeps.getSweep(id)).status).toBe("COMPLETED");
  });

  it("unknown ids are NOT_FOUND, not database errors", async () => {
    await expect(orchestrator.sweeps.getSweep("nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(orchestrator.cancel(randomUUID())).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
