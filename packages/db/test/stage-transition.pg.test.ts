import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trialJobId, type TrialJob } from "@gemsweep/contracts";
import { syntheticAccuracy } from "@gemsweep/core";
import { createPrismaClient, sqlPoolOf } from "../src/prisma-client.js";
import { Orchestrator } from "../src/orchestrator.js";
import { openComparisonStages } from "../src/stage-transition.js";
import { sweepTable } from "../src/results-query.js";
import { sweepTuning } from "../src/sweep-tuning.js";
import { TrialQueue } from "../src/trial-queue.js";
import { TrialStore } from "../src/trial-store.js";
import { WorkerStore } from "../src/worker-store.js";
import { testDatabaseUrl } from "./test-database.js";

// The move from stage 1 to stage 2 is a state change in PostgreSQL made by the orchestrator:
// the choice stored and the config's WAITING comparison trials opened in one transaction, the
// jobs queued after it. Real PostgreSQL and Redis; trials are driven through the real TrialStore.

const prisma = createPrismaClient(testDatabaseUrl());
const queues: TrialQueue[] = [];
const trials = new TrialStore(prisma);
const WORKER = `stages-${randomUUID()}`;

beforeAll(async () => {
  await new WorkerStore(prisma).register({ id: WORKER, host: "test", pid: process.pid, backend: "cpu", device: "test", concurrency: 1 });
});

function orchestratorOn(name: string, client = prisma): Orchestrator {
  const queue = new TrialQueue(process.env.REDIS_URL!, name);
  queues.push(queue);
  return new Orchestrator(client, queue);
}

afterAll(async () => {
  for (const q of queues) {
    await q.queue.obliterate({ force: true }).catch(() => undefined);
    await q.close();
  }
  await prisma.$disconnect();
});

const LRS = [1e-2, 1e-3, 3e-3];
const spec = (extra: object = {}) => ({
  name: `stages-${randomUUID()}`,
  benchmark: "synthetic",
  activations: ["gelu", { name: "e-gem", eps: 1 }],
  overrides: { epochs: 3, lr: LRS },
  tune: { over: ["lr"] },
  compare: { seeds: [0, 1, 2] },
  ...extra,
});

const trialsOf = (sweepId: string) =>
  prisma.trial.findMany({ where: { sweepId }, orderBy: [{ stage: "asc" }, { configKey: "asc" }, { seed: "asc" }] });

/** Runs one tuning trial as a worker would: its synthetic validation curve, then its outcome. */
async function runTuningTrial(trial: { id: string; config: unknown; seed: number }, outcome: "COMPLETED" | "PRUNED" | "DIVERGED" = "COMPLETED"): Promise<void> {
  const config = trial.config as { activation: TrialJob["activation"]; hyper: TrialJob["hyper"] };
  const start = await trials.beginAttempt(trial.id, WORKER);
  if (start.kind !== "run") throw new Error(`trial ${trial.id} not runnable`);
  const epochs = outcome === "PRUNED" ? 1 : config.hyper.epochs;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const metric = outcome === "DIVERGED" ? Number.NaN : syntheticAccuracy(config.activation, config.hyper, trial.seed, epoch).validation;
    await trials.recordEpoch(trial.id, start.attemptId, { epoch, loss: 1 - metric, metric });
  }
  await trials.finishAttempt(
    trial.id,
    start.attemptId,
    outcome === "COMPLETED"
      ? { status: "COMPLETED", finalMetric: 0.5, bestMetric: 0.5, finalLoss: 0.5 }
      : outcome === "PRUNED"
        ? { status: "PRUNED", reason: "ASHA rung 0", rung: 0 }
        : { status: "DIVERGED", error: "non-finite" },
  );
}

async function runAllTuning(sweepId: string, group?: string): Promise<void> {
  for (const t of await trialsOf(sweepId)) if (t.stage === "TUNE" && (!group || t.groupKey === group)) await runTuningTrial(t);
}

describe("a two-stage sweep in the database", () => {
  it("stores its comparison trials WAITING and queues only its tuning trials", async () => {
    const orchestrator = orchestratorOn(`stages-submit-${randomUUID()}`);
    const { id, trials: total } = await orchestrator.submit(spec());
    expect(total).toBe(2 * 3 + 2 * 3);
    const rows = await trialsOf(id);
    expect(rows.filter((t) => t.stage === "COMPARE").map((t) => t.status)).toEqual(Array(6).fill("WAITING"));
    expect(rows.filter((t) => t.stage === "TUNE").map((t) => [t.groupKey, t.sample, t.status])).toEqual([
      ["synthetic|e-gem|N=1|eps=1", 0, "QUEUED"],
      ["synthetic|e-gem|N=1|eps=1", 1, "QUEUED"],
      ["synthetic|e-gem|N=1|eps=1", 2, "QUEUED"],
      ["synthetic|gelu", 0, "QUEUED"],
      ["synthetic|gelu", 1, "QUEUED"],
      ["synthetic|gelu", 2, "QUEUED"],
    ]);
    const counts = await orchestrator.queue.counts();
    expect(counts.waiting).toBe(6);
    expect((await prisma.sweep.findUniqueOrThrow({ where: { id } })).stages).toBe(2);
  });

  it("opens a config's stage 2 once its tuning trials have all ended: the chosen setting carried into its trials and jobs", async () => {
    const orchestrator = orchestratorOn(`stages-open-${randomUUID()}`);
    const { id } = await orchestrator.submit(spec());
    await orchestrator.queue.queue.drain(); // the test plays the worker
    // only GELU's tuning ends: E-GEM's comparison keeps waiting
    await runAllTuning(id, "synthetic|gelu");
    expect(await orchestrator.advance(id)).toMatchObject([{ configKey: "synthetic|gelu", opened: 3, failed: 0, choice: { values: { lr: 1e-3 }, sample: 1 } }]);
    const rows = await trialsOf(id);
    const compare = rows.filter((t) => t.stage === "COMPARE");
    expect(compare.filter((t) => t.configKey === "synthetic|gelu").map((t) => [t.status, (t.config as { hyper: { lr: number } }).hyper.lr])).toEqual([
      ["QUEUED", 1e-3],
      ["QUEUED", 1e-3],
      ["QUEUED", 1e-3],
    ]);
    expect(compare.filter((t) => t.configKey !== "synthetic|gelu").map((t) => t.status)).toEqual(["WAITING", "WAITING", "WAITING"]);
    // the jobs the workers get carry the chosen lr
    for (const t of compare.filter((t) => t.configKey === "synthetic|gelu")) {
      const job = await orchestrator.queue.queue.getJob(trialJobId(t.id));
      expect((job!.data as TrialJob).hyper.lr).toBe(1e-3);
      expect((job!.data as TrialJob).stage).toBe("COMPARE");
    }
    const choice = await prisma.tuningChoice.findUniqueOrThrow({ where: { sweepId_configKey: { sweepId: id, configKey: "synthetic|gelu" } } });
    expect(choice).toMatchObject({ values: { lr: 1e-3 }, sample: 1, trials: 3, completed: 3, enqueued: true });
    expect(choice.score).toBe(syntheticAccuracy({ name: "gelu" }, { lr: 1e-3 }, 0, 3).validation);
    // E-GEM's best lr is 3e-3: each config gets its own choice
    await runAllTuning(id, "synthetic|e-gem|N=1|eps=1");
    expect((await orchestrator.advance(id)).map((t) => t.choice.values)).toEqual([{ lr: 3e-3 }]);
    // the table shows stage 2, with the choice per cell
    const table = await sweepTable(prisma, id);
    expect(table.rows.map((r) => [r.key, r.cells[0]!.pending, r.cells[0]!.chosen])).toEqual([
      ["gelu", 3, { lr: 1e-3 }],
      ["e-gem|N=1|eps=1", 3, { lr: 3e-3 }],
    ]);
    expect(table.stage.tuned).toMatchObject({ over: ["lr"], metric: "validation" });
    const tuning = await sweepTuning(prisma, id);
    expect(tuning.groups.map((g) => [g.label, g.choice?.values, g.trials.length, g.compare.QUEUED])).toEqual([
      ["GELU", { lr: 1e-3 }, 3, 3],
      ["E-GEM (N=1, ε=1)", { lr: 3e-3 }, 3, 3],
    ]);
  });

  it("keeps the sweep open between the stages (waiting trials are open work)", async () => {
    const orchestrator = orchestratorOn(`stages-open-sweep-${randomUUID()}`);
    const { id } = await orchestrator.submit(spec());
    await orchestrator.queue.queue.drain();
    await runAllTuning(id);
    await orchestrator.sweeps.completeFinishedSweeps();
    await orchestrator.sweeps.refreshStatus(id);
    expect((await orchestrator.sweeps.getSweep(id)).status).toBe("RUNNING");
    expect((await prisma.tuningChoice.count({ where: { sweepId: id } }))).toBe(0);
  });

  it("makes the transition once when two orchestrators make it at the same moment", async () => {
    const name = `stages-race-${randomUUID()}`;
    const other = createPrismaClient(testDatabaseUrl());
    try {
      const a = orchestratorOn(name);
      const b = orchestratorOn(name, other);
      const { id } = await a.submit(spec());
      await a.queue.queue.drain();
      await runAllTuning(id);
      const [fromA, fromB] = await Promise.all([a.advance(id), b.advance(id), a.advance(id), b.advance(id)]);
      expect([...fromA, ...fromB].reduce((n, t) => n + t.opened, 0)).toBeLessThanOrEqual(6);
      expect(await prisma.tuningChoice.count({ where: { sweepId: id } })).toBe(2);
      const compare = (await trialsOf(id)).filter((t) => t.stage === "COMPARE");
      expect(compare.map((t) => t.status)).toEqual(Array(6).fill("QUEUED"));
      expect((await a.queue.counts()).waiting).toBe(6);
    } finally {
      await other.$disconnect();
    }
  });

  it("loses nothing to a crash between the transition's commit and the enqueue: the reaper queues the opened trials", async () => {
    const orchestrator = orchestratorOn(`stages-crash-${randomUUID()}`);
    const { id } = await orchestrator.submit(spec());
    await orchestrator.queue.queue.drain();
    await runAllTuning(id);
    // the transaction alone, as a process killed right after its COMMIT left it
    const opened = await openComparisonStages(sqlPoolOf(prisma), id);
    expect(opened.map((t) => t.opened)).toEqual([3, 3]);
    const compare = (await trialsOf(id)).filter((t) => t.stage === "COMPARE");
    const queued = async () => (await Promise.all(compare.map((t) => orchestrator.queue.queue.getJob(trialJobId(t.id))))).filter(Boolean).length;
    expect(await queued()).toBe(0);
    expect(await prisma.tuningChoice.count({ where: { sweepId: id, enqueued: false } })).toBe(2);
    // (the reaper sees every sweep of the database; other tests' sweeps may be queued here too)
    await orchestrator.reap();
    expect(await queued()).toBe(6);
    expect(await prisma.tuningChoice.count({ where: { sweepId: id, enqueued: false } })).toBe(0);
  });

  it("makes a transition nobody made (its worker died) at the reaper's next pass", async () => {
    const orchestrator = orchestratorOn(`stages-reaper-${randomUUID()}`);
    const { id } = await orchestrator.submit(spec());
    await orchestrator.queue.queue.drain();
    await runAllTuning(id);
    await orchestrator.reap();
    expect((await trialsOf(id)).filter((t) => t.stage === "COMPARE").map((t) => t.status)).toEqual(Array(6).fill("QUEUED"));
  });

  it("cancel and resume across the stages: a config without a choice waits again, a chosen one is queued again", async () => {
    const orchestrator = orchestratorOn(`stages-resume-${randomUUID()}`);
    const { id } = await orchestrator.submit(spec());
    await orchestrator.queue.queue.drain();
    await runAllTuning(id, "synthetic|gelu");
    await orchestrator.advance(id);
    expect((await orchestrator.cancel(id)).cancelled).toBe(3 + 3 + 3); // e-gem's 3 tuning + 3 waiting, gelu's 3 queued
    expect((await orchestrator.queue.counts()).waiting).toBe(0);
    const { requeued } = await orchestrator.resume(id);
    expect(requeued).toBe(3 + 3); // e-gem's tuning trials and gelu's comparison trials
    const rows = await trialsOf(id);
    const statusOf = (stage: string, group: string) => rows.filter((t) => t.stage === stage && t.groupKey === group).map((t) => t.status);
    expect(statusOf("COMPARE", "synthetic|gelu")).toEqual(["QUEUED", "QUEUED", "QUEUED"]);
    expect(statusOf("COMPARE", "synthetic|e-gem|N=1|eps=1")).toEqual(["WAITING", "WAITING", "WAITING"]);
    expect(statusOf("TUNE", "synthetic|e-gem|N=1|eps=1")).toEqual(["QUEUED", "QUEUED", "QUEUED"]);
    expect((await orchestrator.queue.counts()).waiting).toBe(6);
  });

  it("fails a config's comparison, saying why, when none of its tuning trials gave a finite validation metric", async () => {
    const orchestrator = orchestratorOn(`stages-none-${randomUUID()}`);
    const { id } = await orchestrator.submit(spec({ activations: ["gelu"] }));
    await orchestrator.queue.queue.drain();
    for (const t of await trialsOf(id)) if (t.stage === "TUNE") await runTuningTrial(t, "DIVERGED");
    const [transition] = await orchestrator.advance(id);
    expect(transition).toMatchObject({ opened: 0, failed: 3, choice: { values: null, reason: "no tuning trial reported a finite validation metric (3 diverged)" } });
    const compare = (await trialsOf(id)).filter((t) => t.stage === "COMPARE");
    expect(compare.map((t) => [t.status, t.error])).toEqual(Array(3).fill(["FAILED", "stage 1 chose no setting: no tuning trial reported a finite validation metric (3 diverged)"]));
    expect((await orchestrator.sweeps.getSweep(id)).status).toBe("COMPLETED");
  });
});
