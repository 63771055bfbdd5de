import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSpec, planSweep } from "@gemsweep/core";
import { migrateDatabase } from "../src/migrations.js";
import { createPrismaClient, sqlPoolOf, type PrismaClient } from "../src/prisma-client.js";
import { insertSweep } from "../src/sweep-insert.js";
import { SweepStore, trialJobOf } from "../src/sweep-store.js";
import { trialDetail } from "../src/trial-detail.js";
import { TrialStore } from "../src/trial-store.js";
import { WorkerStore } from "../src/worker-store.js";
import { createScratchDatabase } from "./test-database.js";

// The statements every trial runs (submission, the last epoch + outcome, the open-trials probe),
// in a database of their own so that planner statistics are this file's alone.
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let prisma: PrismaClient;
let client: pg.Client;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  await migrateDatabase(scratch.url);
  prisma = createPrismaClient(scratch.url, { max: 2 });
  client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await prisma.$disconnect();
  await scratch.drop();
});

function seeds(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

describe("hot-path statements against the real PostgreSQL", () => {
  it("submission stores exactly the trials its jobs describe", async () => {
    const raw = {
      name: "insert",
      benchmark: ["sleep", "fashion-mnist-mlp"],
      seeds: seeds(3),
      activations: ["gelu", { name: "gem", N: [1, 2] }],
    };
    const spec = parseSpec(raw);
    const { plan, trials: planned } = planSweep(spec);
    const { sweepId, jobs } = await new SweepStore(prisma).createSweep(plan, raw, planned);
    expect(jobs).toHaveLength(planned.length);
    const rows = await prisma.trial.findMany({ where: { sweepId } });
    const stored = new Map(rows.map((row) => [row.id, trialJobOf(row)]));
    for (const job of jobs) expect(stored.get(job.trialId)).toEqual(job);
    const sweep = await prisma.sweep.findUniqueOrThrow({ where: { id: sweepId } });
    expect(sweep).toMatchObject({ status: "QUEUED", baseline: "gelu", spec: raw });
    // the columns the tables group by, next to the config the worker trains
    const gem2 = rows.find((r) => r.activation === "gem" && r.n === 2 && r.benchmark === "sleep");
    expect(gem2).toMatchObject({ eps: null, alpha: null, status: "QUEUED", epochsDone: 0 });
  });

  it("a sweep whose trials cannot all be stored stores nothing", async () => {
    const raw = { name: "twice", benchmark: "sleep", seeds: [0, 1], activations: ["gelu"] };
    const { plan, trials: planned } = planSweep(parseSpec(raw));
    const before = await prisma.sweep.count();
    // the same (config, seed) twice breaks the unique key in the middle of the insert
    await expect(
      insertSweep(sqlPoolOf(prisma), { spec: raw, plan }, [
        ...planned,
        planned[0]!,
      ]),
    ).rejects.toThrow(/duplicate key/);
    expect(await prisma.sweep.count()).toBe(before);
  });

  it("the last epoch rides with the outcome: recorded once, with its checkpoint", async () => {
    const raw = { name: "last-epoch", benchmark: "sleep", seeds: [0], activations: ["gelu"] };
    const spec = parseSpec(raw);
    const { jobs } = await new SweepStore(prisma).createSweep(planSweep(spec).plan, raw, planSweep(spec).trials);
    const trialId = jobs[0]!.trialId;
    const workerId = `w-${randomUUID()}`;
    await new WorkerStore(prisma).register({
      id: workerId,
      host: "t",
      pid: 1,
      backend: "cpu",
      device: "cpu",
      concurrency: 1,
    });
    const trials = new TrialStore(prisma);
    const start = await trials.beginAttempt(trialId, workerId);
    if (start.kind !== "run") throw new Error("expected a run");
    await trials.recordEpoch(
      trialId,
      start.attemptId,
      { epoch: 1, loss: 2, metric: 0.5, valMetric: 0.5, valLoss: 2, testMetric: 0.48, testLoss: 2.1, lr: 0.1 },
      "/ckpt/1",
    );
    const outcome = {
      status: "COMPLETED",
      finalMetric: 0.69,
      bestMetric: 0.69,
      bestEpoch: 2,
      finalLoss: 1,
    } as const;
    const last = {
      record: { epoch: 2, loss: 1, metric: 0.7, valMetric: 0.7, valLoss: 1, testMetric: 0.69, testLoss: 1.05, lr: 0.01, gradNorm: 3 },
      checkpoint: "/ckpt/2",
    };
    expect(await trials.finishAttempt(trialId, start.attemptId, outcome, last)).toEqual({
      othersOpen: false,
    });
    // a retried finish (the job re-delivered after the write) neither duplicates nor changes anything
    await trials.finishAttempt(trialId, start.attemptId, outcome, last);
    const trial = await trialDetail(prisma, trialId);
    expect(trial).toMatchObject({ status: "COMPLETED", epochsDone: 2, finalMetric: 0.69, bestMetric: 0.69, bestEpoch: 2 });
    expect(trial.epochs.map((e) => [e.epoch, e.metric, e.gradNorm])).toEqual([
      [1, 0.5, null],
      [2, 0.7, 3],
    ]);
    // both statements write the validation, test and rate columns
    expect(trial.epochs.map((e) => [e.valMetric, e.valLoss, e.testMetric, e.testLoss, e.lr])).toEqual([
      [0.5, 2, 0.48, 2.1, 0.1],
      [0.7, 1, 0.69, 1.05, 0.01],
    ]);
    expect(trial.validation).toBe("no validation"); // the sleep benchmark has none
    expect(trial.attempts.map((a) => [a.status, a.checkpoint])).toEqual([["COMPLETED", "/ckpt/2"]]);
  });

  it("the open-trials probe stays on the index when the planner's statistics lag a sweep", async () => {
    const raw = {
      name: "stale",
      benchmark: "sleep",
      seeds: seeds(1000),
      activations: ["gelu", "relu", "swish"],
    };
    const spec = parseSpec(raw);
    const { sweepId } = await new SweepStore(prisma).createSweep(planSweep(spec).plan, raw, planSweep(spec).trials);
    // statistics taken while every trial was queued, then the sweep runs to its end
    await client.query(`ANALYZE "Trial"`);
    await client.query(`UPDATE "Trial" SET status = 'COMPLETED' WHERE "sweepId" = $1`, [sweepId]);

    const inline = await client.query<{ "QUERY PLAN": string }>(
      `EXPLAIN SELECT EXISTS (SELECT 1 FROM "Trial" WHERE "sweepId" = $1::uuid AND status IN ('QUEUED', 'RUNNING'))`,
      [sweepId],
    );
    // the trap the function exists for: written inline, the probe reads the whole table
    expect(inline.rows.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/Seq Scan on "Trial"/);

    // auto_explain hands the plans of statements run inside functions to this session
    await client.query(`LOAD 'auto_explain'`);
    await client.query(`SET auto_explain.log_min_duration = 0`);
    await client.query(`SET auto_explain.log_nested_statements = on`);
    await client.query(`SET auto_explain.log_level = notice`);
    const plans: string[] = [];
    const onNotice = (notice: { message?: string }) => plans.push(notice.message ?? "");
    client.on("notice", onNotice);
    const { rows } = await client.query<{ open: boolean }>(
      `SELECT gemsweep_sweep_has_open_trials($1::uuid) AS open`,
      [sweepId],
    );
    client.off("notice", onNotice);
    await client.query(`SET auto_explain.log_min_duration = -1`);
    expect(rows[0]!.open).toBe(false);
    const nested = plans.filter((p) => p.includes(`"Trial"`));
    expect(nested.length).toBeGreaterThan(0);
    expect(nested.join("\n")).not.toMatch(/Seq Scan/);
    expect(nested.join("\n")).toMatch(/Index (Only )?Scan/);
  });

  it("the open-trials probe: any queued or running trial but the one named", async () => {
    const raw = { name: "probe", benchmark: "sleep", seeds: [0, 1], activations: ["gelu"] };
    const spec = parseSpec(raw);
    const { sweepId, jobs } = await new SweepStore(prisma).createSweep(planSweep(spec).plan, raw, planSweep(spec).trials);
    const [a, b] = jobs.map((j) => j.trialId);
    const probe = async (except: string | null) =>
      (
        await client.query<{ open: boolean }>(
          `SELECT gemsweep_sweep_has_open_trials($1::uuid, $2::uuid) AS open`,
          [sweepId, except],
        )
      ).rows[0]!.open;
    expect(await probe(null)).toBe(true);
    await client.query(`UPDATE "Trial" SET status = 'RUNNING' WHERE id = $1`, [a]);
    await client.query(`UPDATE "Trial" SET status = 'COMPLETED' WHERE id = $1`, [b]);
    expect(await probe(null)).toBe(true);
    expect(await probe(a!)).toBe(false);
    expect(await probe(b!)).toBe(true);
    await client.query(`UPDATE "Trial" SET status = 'CANCELLED' WHERE id = $1`, [a]);
    expect(await probe(null)).toBe(false);
  });
});
