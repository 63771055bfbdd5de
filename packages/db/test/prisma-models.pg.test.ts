import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../src/prisma-client.js";
import { testDatabaseUrl } from "./test-database.js";

const prisma = createPrismaClient(testDatabaseUrl());
afterAll(() => prisma.$disconnect());

describe("every model round-trips through Prisma against the real PostgreSQL", () => {
  it("writes and reads Sweep, Trial, Attempt, EpochMetric, Worker", async () => {
    const workerId = `test-worker-${Date.now()}`;
    const worker = await prisma.worker.create({
      data: { id: workerId, host: "localhost", pid: process.pid, backend: "wasm", device: "cpu", concurrency: 2 },
    });
    const sweep = await prisma.sweep.create({
      data: { name: "round-trip", spec: { name: "round-trip", seeds: [0] }, baseline: "gelu" },
    });
    const trial = await prisma.trial.create({
      data: {
        sweepId: sweep.id,
        benchmark: "fashion-mnist-mlp",
        activation: "e-gem",
        n: 2,
        eps: 1e-4,
        alpha: null,
        seed: 0,
        configKey: "fashion-mnist-mlp|e-gem|N=2|eps=0.0001",
        config: { epochs: 1, lr: 1e-3 },
      },
    });
    const attempt = await prisma.attempt.create({ data: { trialId: trial.id, number: 1, workerId: worker.id } });
    await prisma.epochMetric.create({
      data: {
        trialId: trial.id,
        attemptId: attempt.id,
        epoch: 1,
        loss: 0.42,
        metric: 0.85,
        samplesPerSec: 7300.5,
        health: [{ layer: "dense_1", deadFraction: 0 }],
      },
    });

    const read = await prisma.sweep.findUniqueOrThrow({
      where: { id: sweep.id },
      include: { trials: { include: { attempts: { include: { worker: true } }, epochs: true } } },
    });
    const readTrial = read.trials[0]!;
    expect(read.status).toBe("QUEUED");
    expect(read.spec).toEqual({ name: "round-trip", seeds: [0] });
    expect(readTrial.eps).toBeCloseTo(1e-4, 12);
    expect(readTrial.n).toBe(2);
    expect(readTrial.attempts[0]!.worker!.backend).toBe("wasm");
    expect(readTrial.epochs[0]!.metric).toBe(0.85);
    expect(readTrial.epochs[0]!.health).toEqual([{ layer: "dense_1", deadFraction: 0 }]);
  });

  it("refuses a second trial for the same config and seed, and a second row for the same epoch", async () => {
    const sweep = await prisma.sweep.create({ data: { name: "unique", spec: {}, baseline: "gelu" } });
    const data = { sweepId: sweep.id, benchmark: "sleep", activation: "relu", seed: 3, configKey: "sleep|relu", config: {} };
    const trial = await prisma.trial.create({ data });
    await expect(prisma.trial.create({ data })).rejects.toMatchObject({ code: "P2002" });
    await prisma.epochMetric.create({ data: { trialId: trial.id, epoch: 1, loss: 1, metric: 0 } });
    await expect(prisma.epochMetric.create({ data: { trialId: trial.id, epoch: 1, loss: 1, metric: 0 } })).rejects.toMatchObject({
      code: "P2002",
    });
  });
});
