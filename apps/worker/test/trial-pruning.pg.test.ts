import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { trialJobOf, createPrismaClient, GemSweepStorage, TrialQueue } from "@gemsweep/db";
import { TrialPruning } from "../src/trial-pruning.js";

// the test reads rows with Prisma itself; the worker's code sees only the storage
const prisma = createPrismaClient(process.env.DATABASE_URL!);
const storage = new GemSweepStorage(prisma);
const queue = new TrialQueue(process.env.REDIS_URL!, `pruning-${randomUUID()}`);
const orchestrator = storage.orchestrator(queue);
const trials = storage.trials;
const pruning = new TrialPruning(storage);

afterAll(async () => {
  await queue.queue.obliterate({ force: true });
  await queue.close();
  await prisma.$disconnect();
});

/** Runs a trial's epochs through the real store; completes it when `complete`. */
async function report(trialId: string, workerId: string, metrics: number[], complete: boolean): Promise<void> {
  const start = await trials.beginAttempt(trialId, workerId);
  if (start.kind !== "run") throw new Error("expected a run");
  for (const [i, metric] of metrics.entries()) await trials.recordEpoch(trialId, start.attemptId, { epoch: i + 1, loss: 1 - metric, metric });
  if (complete) await trials.finishAttempt(trialId, start.attemptId, { status: "COMPLETED", finalMetric: metrics.at(-1)!, bestMetric: Math.max(...metrics), finalLoss: 0 });
}

describe("median stopping, decided by the worker against the real database", () => {
  it("prunes a trial below the completed trials' median at the same epoch, after warmup", async () => {
    const { id } = await orchestrator.submit({
      name: "pruning",
      benchmark: "sleep",
      seeds: [0, 1, 2, 3, 4],
      activations: ["gelu"],
      overrides: { epochs: 3 },
      pruner: { strategy: "median", warmupEpochs: 1, minTrials: 2 },
    });
    const workerId = `w-${randomUUID()}`;
    await storage.workers.register({ id: workerId, host: "t", pid: 1, backend: "cpu", device: "cpu", concurrency: 1 });
    const rows = await prisma.trial.findMany({ where: { sweepId: id }, orderBy: { seed: "asc" } });
    await report(rows[0]!.id, workerId, [0.6, 0.8, 0.85], true);
    await report(rows[1]!.id, workerId, [0.6, 0.9, 0.92], true);
    await report(rows[2]!.id, workerId, [0.6, 0.85, 0.9], true);

    await report(rows[3]!.id, workerId, [0.6], false);
    expect((await pruning.decide(trialJobOf(rows[3]!), 1))?.prune).toBe(false); // warmup

    await report(rows[4]!.id, workerId, [0.6, 0.5], false);
    const bad = await pruning.decide(trialJobOf(rows[4]!), 2);
    expect(bad?.prune).toBe(true);
    expect(bad?.reason).toMatch(/median/i);

    const goodTrial = rows[3]!;
    const start = await trials.beginAttempt(goodTrial.id, workerId);
    if (start.kind !== "run") throw new Error("expected a run");
    await trials.recordEpoch(goodTrial.id, start.attemptId, { epoch: 2, loss: 0, metric: 0.95 });
    expect((await pruning.decide(trialJobOf(goodTrial), 2))?.prune).toBe(false);
  });

  it("decides on the validation metric, never the test one", async () => {
    const { id } = await orchestrator.submit({
      name: "pruning-validation",
      benchmark: "sleep",
      seeds: [0, 1, 2, 3],
      activations: ["gelu"],
      overrides: { epochs: 3 },
      pruner: { strategy: "median", warmupEpochs: 1, minTrials: 2 },
    });
    const workerId = `w-${randomUUID()}`;
    await storage.workers.register({ id: workerId, host: "t", pid: 1, backend: "cpu", device: "cpu", concurrency: 1 });
    const rows = await prisma.trial.findMany({ where: { sweepId: id }, orderBy: { seed: "asc" } });
    // each epoch: validation accuracy `val`, test accuracy `test` (in the `metric` column too, to tell them apart)
    const run = async (trialId: string, epochs: { val: number; test: number }[], complete: boolean) => {
      const start = await trials.beginAttempt(trialId, workerId);
      if (start.kind !== "run") throw new Error("expected a run");
      for (const [i, e] of epochs.entries()) {
        await trials.recordEpoch(trialId, start.attemptId, { epoch: i + 1, loss: 0, metric: e.test, valMetric: e.val, testMetric: e.test });
      }
      if (complete) await trials.finishAttempt(trialId, start.attemptId, { status: "COMPLETED", finalMetric: 0, bestMetric: 0, finalLoss: 0 });
    };
    await run(rows[0]!.id, [{ val: 0.6, test: 0.6 }, { val: 0.8, test: 0.5 }], true);
    await run(rows[1]!.id, [{ val: 0.6, test: 0.6 }, { val: 0.9, test: 0.5 }], true);
    // above the median on validation, far below it on test: kept
    await run(rows[2]!.id, [{ val: 0.6, test: 0.6 }, { val: 0.95, test: 0.1 }], false);
    expect((await pruning.decide(trialJobOf(rows[2]!), 2))?.prune).toBe(false);
    // below it on validation, far above it on test: pruned
    await run(rows[3]!.id, [{ val: 0.6, test: 0.6 }, { val: 0.7, test: 0.99 }], false);
    expect((await pruning.decide(trialJobOf(rows[3]!), 2))?.prune).toBe(true);
  });

  it("compares each trial in its own benchmark's direction (a sweep may mix accuracy and perplexity)", async () => {
    const { id } = await orchestrator.submit({
      name: "pruning-directions",
      benchmark: ["fashion-mnist-mlp", "lm-tiny"],
      seeds: [0, 1, 2],
      activations: ["gelu"],
      overrides: { epochs: 3 },
      pruner: { strategy: "median", warmupEpochs: 1, minTrials: 2 },
    });
    const workerId = `w-${randomUUID()}`;
    await storage.workers.register({ id: workerId, host: "t", pid: 1, backend: "cpu", device: "cpu", concurrency: 1 });
    const rows = await prisma.trial.findMany({ where: { sweepId: id }, orderBy: [{ benchmark: "asc" }, { seed: "asc" }] });
    const [mlp, , , lm0, lm1, lm2] = rows;
    // the sweep's first decision is about an accuracy (higher is better) trial
    await report(mlp!.id, workerId, [0.5, 0.6], false);
    expect(await pruning.decide(trialJobOf(mlp!), 2)).toMatchObject({ prune: false });
    // perplexity, lower is better: completed trials at 10 and 12 (median 11); 12 at best is worse
    await report(lm0!.id, workerId, [20, 10, 9], true);
    await report(lm1!.id, workerId, [20, 12, 11], true);
    await report(lm2!.id, workerId, [13, 12], false);
    expect((await pruning.decide(trialJobOf(lm2!), 2))?.prune).toBe(true);
  });

  it("decides nothing for a sweep without a pruner", async () => {
    const { id } = await orchestrator.submit({ name: "no-pruner", benchmark: "sleep", seeds: [0], activations: ["gelu"] });
    const [trial] = await prisma.trial.findMany({ where: { sweepId: id } });
    expect(await pruning.decide(trialJobOf(trial!), 1)).toBeNull();
  });
});
