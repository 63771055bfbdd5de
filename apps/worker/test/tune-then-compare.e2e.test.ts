import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { trialJobId } from "@gemsweep/contracts";
import { syntheticAccuracy } from "@gemsweep/core";
import { createPrismaClient, GemSweepStorage, TrialQueue, type Orchestrator } from "@gemsweep/db";
import { exited, gemsweep, startWorker, waitFor } from "../../../tests/support/gemsweep-cli.js";

// Tune-then-compare with real worker processes, the real queue and database, on the synthetic
// benchmark (its validation accuracy is a known function of lr and epoch), so every ASHA
// decision and every choice is known in advance. Then the transition is crashed at its two
// moments (SIGKILL of the process doing it) and recovered by another worker and by a resume.

const prisma = createPrismaClient(process.env.DATABASE_URL!);
const storage = new GemSweepStorage(prisma);
const queues: TrialQueue[] = [];

function orchestratorOn(queueName: string): Orchestrator {
  const queue = new TrialQueue(process.env.REDIS_URL!, queueName);
  queues.push(queue);
  return storage.orchestrator(queue);
}

afterAll(async () => {
  for (const q of queues) {
    await q.queue.obliterate({ force: true }).catch(() => undefined);
    await q.close();
  }
  await prisma.$disconnect();
});

const trialsOf = (sweepId: string) =>
  prisma.trial.findMany({ where: { sweepId }, orderBy: [{ groupKey: "asc" }, { stage: "desc" }, { sample: "asc" }, { seed: "asc" }], include: { attempts: true } });

const LRS = [1e-2, 1e-3, 5e-5, 3e-2, 1e-1, 2e-5, 3e-3];

describe("tune then compare, real workers (synthetic benchmark)", () => {
  it("ASHA stops and promotes exactly as worked out by hand; stage 2 runs each config's choice on paired seeds", async () => {
    const queue = `protocol-asha-${randomUUID()}`;
    const orchestrator = orchestratorOn(queue);
    const { id, trials } = await orchestrator.submit({
      name: "protocol-asha",
      benchmark: "synthetic",
      baseline: "gelu",
      activations: ["gelu", { name: "e-gem", eps: 1 }],
      overrides: { epochs: 9, lr: LRS },
      tune: { over: ["lr"], seeds: 1, metric: "validation", scheduler: { strategy: "asha", reductionFactor: 3, minResource: 1 } },
      compare: { seeds: 3, metric: "test" },
    });
    expect(trials).toBe(2 * 7 + 2 * 3);
    // one worker, one trial at a time: the settings run in their order, as in core's asha.test.ts
    const worker = startWorker(["--backend", "cpu"], { GEMSWEEP_QUEUE: queue, GEMSWEEP_WORKER_ID: `asha-${randomUUID()}` });
    await worker.ready;
    await waitFor(async () => (await orchestrator.sweeps.getSweep(id)).status === "COMPLETED", 150_000, "the sweep to complete");
    worker.child.kill("SIGTERM");
    await exited(worker.child);
    const rows = await trialsOf(id);
    const tuning = (group: string) => rows.filter((t) => t.stage === "TUNE" && t.groupKey === group).map((t) => [t.status, t.rung, t.epochsDone]);
    // GELU: s0, s1 complete; s2..s5 stopped at rung 0 (epoch 1); s6 promoted at rung 0, stopped at rung 1 (epoch 3)
    expect(tuning("synthetic|gelu")).toEqual([
      ["COMPLETED", 1, 9],
      ["COMPLETED", 1, 9],
      ["PRUNED", 0, 1],
      ["PRUNED", 0, 1],
      ["PRUNED", 0, 1],
      ["PRUNED", 0, 1],
      ["PRUNED", 1, 3],
    ]);
    // E-GEM: s6 (its best lr) is promoted through both rungs and completes
    expect(tuning("synthetic|e-gem|N=1|eps=1")).toEqual([
      ["COMPLETED", 1, 9],
      ["COMPLETED", 1, 9],
      ["PRUNED", 0, 1],
      ["PRUNED", 0, 1],
      ["PRUNED", 0, 1],
      ["PRUNED", 0, 1],
      ["COMPLETED", 1, 9],
    ]);
    const stopped = rows.filter((t) => t.stage === "TUNE" && t.status === "PRUNED");
    expect(stopped.every((t) => /^ASHA rung [01] \(epoch [13]\): .* is not in the top \d of \d+ at this rung/.test(t.error ?? ""))).toBe(true);
    // the choice per config, stored, and carried into stage 2
    const choices = await prisma.tuningChoice.findMany({ where: { sweepId: id }, orderBy: { configKey: "asc" } });
    expect(choices.map((c) => [c.configKey, c.values, c.completed, c.trials])).toEqual([
      ["synthetic|e-gem|N=1|eps=1", { lr: 3e-3 }, 3, 7],
      ["synthetic|gelu", { lr: 1e-3 }, 2, 7],
    ]);
    const compare = rows.filter((t) => t.stage === "COMPARE");
    for (const t of compare) {
      const config = t.config as { activation: { name: "gelu" | "e-gem"; N?: number; eps?: number }; hyper: { lr: number } };
      const chosen = t.configKey === "synthetic|gelu" ? 1e-3 : 3e-3;
      expect(config.hyper.lr).toBe(chosen);
      expect(t.status).toBe("COMPLETED");
      // the worker trained the chosen setting: its test accuracy is the known function at that lr
      expect(t.finalMetric).toBe(syntheticAccuracy(config.activation, { lr: chosen }, t.seed, 9).test);
    }
    // paired: both configs ran the same seeds
    const seeds = (key: string) => compare.filter((t) => t.configKey === key).map((t) => t.seed);
    expect(seeds("synthetic|gelu")).toEqual([0, 1, 2]);
    expect(seeds("synthetic|e-gem|N=1|eps=1")).toEqual([0, 1, 2]);
    const table = await storage.sweepTable(id);
    const egem = table.rows.find((r) => r.key === "e-gem|N=1|eps=1")!.cells[0]!;
    expect(egem).toMatchObject({ n: 3, pairs: 3, chosen: { lr: 3e-3 } });
    expect(egem.delta!).toBeGreaterThan(0.005);
    console.log(`ASHA stopped ${stopped.length} of ${rows.filter((t) => t.stage === "TUNE").length} tuning trials early; E-GEM − GELU = ${egem.delta!.toFixed(4)} (p = ${egem.pValue?.toPrecision(2)})`);
  });

  it("a worker SIGKILLed right after committing the transition, before queueing: another worker's reaper queues stage 2", async () => {
    const queue = `protocol-crash-commit-${randomUUID()}`;
    const orchestrator = orchestratorOn(queue);
    const { id } = await orchestrator.submit({
      name: "protocol-crash-commit",
      benchmark: "synthetic",
      activations: ["gelu"],
      overrides: { epochs: 2, lr: [1e-2, 1e-3, 3e-3] },
      tune: { over: ["lr"] },
      compare: { seeds: [0, 1] },
    });
    const doomed = startWorker(["--backend", "cpu"], { GEMSWEEP_QUEUE: queue, GEMSWEEP_WORKER_ID: `doomed-${randomUUID()}`, GEMSWEEP_CRASH_AT: "stage-transition-committed" });
    await doomed.ready;
    await exited(doomed.child);
    expect(doomed.child.signalCode).toBe("SIGKILL");
    // the state change is in the database; the jobs are not in the queue
    const compare = (await trialsOf(id)).filter((t) => t.stage === "COMPARE");
    expect(compare.map((t) => t.status)).toEqual(["QUEUED", "QUEUED"]);
    expect(await prisma.tuningChoice.findFirstOrThrow({ where: { sweepId: id } })).toMatchObject({ values: { lr: 1e-3 }, enqueued: false });
    for (const t of compare) expect(await orchestrator.queue.queue.getJob(trialJobId(t.id))).toBeUndefined();
    const rescuer = startWorker(["--backend", "cpu"], { GEMSWEEP_QUEUE: queue, GEMSWEEP_WORKER_ID: `rescuer-${randomUUID()}` });
    await rescuer.ready;
    await waitFor(async () => (await orchestrator.sweeps.getSweep(id)).status === "COMPLETED", 90_000, "the sweep to complete");
    rescuer.child.kill("SIGTERM");
    await exited(rescuer.child);
    const after = (await trialsOf(id)).filter((t) => t.stage === "COMPARE");
    expect(after.map((t) => [t.status, (t.config as { hyper: { lr: number } }).hyper.lr, t.attempts.length])).toEqual([
      ["COMPLETED", 1e-3, 1],
      ["COMPLETED", 1e-3, 1],
    ]);
    expect(await prisma.tuningChoice.count({ where: { sweepId: id } })).toBe(1);
  });

  it("a worker SIGKILLed after its last tuning trial, before the transition: `gemsweep resume` makes it, then a worker finishes", async () => {
    const queue = `protocol-crash-tune-${randomUUID()}`;
    const orchestrator = orchestratorOn(queue);
    // one config: it is ready only once its last tuning trial has ended, by a worker that then dies
    const { id } = await orchestrator.submit({
      name: "protocol-crash-tune",
      benchmark: "synthetic",
      baseline: "e-gem",
      activations: [{ name: "e-gem", eps: 1 }],
      overrides: { epochs: 2, lr: [1e-3, 3e-3] },
      tune: { over: ["lr"] },
      compare: { seeds: [0, 1] },
    });
    const env = { GEMSWEEP_QUEUE: queue };
    // the first tuning trial to end kills its worker: run workers until every tuning trial has ended
    for (let i = 0; i < 2; i++) {
      const tuned = (await trialsOf(id)).filter((t) => t.stage === "TUNE");
      if (tuned.every((t) => t.status === "COMPLETED")) break;
      const doomed = startWorker(["--backend", "cpu"], { ...env, GEMSWEEP_WORKER_ID: `doomed-${i}-${randomUUID()}`, GEMSWEEP_CRASH_AT: "tuning-trial-finished" });
      await doomed.ready;
      await exited(doomed.child);
      expect(doomed.child.signalCode).toBe("SIGKILL");
    }
    // (each killed worker's job is redelivered once its lock expires: the next worker skips the finished trial)
    const tuned = (await trialsOf(id)).filter((t) => t.stage === "TUNE");
    expect(tuned.map((t) => t.status)).toEqual(["COMPLETED", "COMPLETED"]);
    expect((await trialsOf(id)).filter((t) => t.stage === "COMPARE").map((t) => t.status)).toEqual(["WAITING", "WAITING"]);
    expect(await prisma.tuningChoice.count({ where: { sweepId: id } })).toBe(0);
    const resumed = await gemsweep(["resume", id], env);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`re-enqueued 2 trials of ${id}`);
    const compare = (await trialsOf(id)).filter((t) => t.stage === "COMPARE");
    expect(compare.map((t) => [t.status, (t.config as { hyper: { lr: number } }).hyper.lr])).toEqual([
      ["QUEUED", 3e-3],
      ["QUEUED", 3e-3],
    ]);
    for (const t of compare) expect(await orchestrator.queue.queue.getJob(trialJobId(t.id))).toBeDefined();
    const worker = startWorker(["--backend", "cpu"], { ...env, GEMSWEEP_WORKER_ID: `finisher-${randomUUID()}` });
    await worker.ready;
    await waitFor(async () => (await orchestrator.sweeps.getSweep(id)).status === "COMPLETED", 90_000, "the sweep to complete");
    worker.child.kill("SIGTERM");
    await exited(worker.child);
    expect((await trialsOf(id)).filter((t) => t.stage === "COMPARE").every((t) => t.status === "COMPLETED" && t.attempts.length === 1)).toBe(true);
  });
});
