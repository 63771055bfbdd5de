import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { PLAN_VERSION } from "@gemsweep/core";
import { createPrismaClient, sqlPoolOf } from "../src/prisma-client.js";
import { sweepTable } from "../src/results-query.js";
import { SweepStore } from "../src/sweep-store.js";
import { Orchestrator } from "../src/orchestrator.js";
import { TrialQueue } from "../src/trial-queue.js";
import { testDatabaseUrl } from "./test-database.js";

// The plan is stored once at submit; tables read it and never re-parse the submitted spec, so
// a sweep keeps its table when the spec schema changes, and older plans are read back.

const prisma = createPrismaClient(testDatabaseUrl());
const pool = sqlPoolOf(prisma);
const queue = new TrialQueue(process.env.REDIS_URL!, `test-plan-${randomUUID()}`);
const sweeps = new SweepStore(prisma);

afterAll(async () => {
  await queue.queue.obliterate({ force: true });
  await queue.close();
  await prisma.$disconnect();
});

/** A plan exactly as version 1 wrote it (2026-11-30), kept literal so later versions must still read it. */
const PLAN_V1 = {
  version: 1,
  name: "stored-by-v1",
  baselineKey: "gelu",
  rows: [
    { key: "gelu", label: "GELU", activation: { name: "gelu" } },
    { key: "e-gem|N=1|eps=0.01", label: "E-GEM (N=1, ε=0.01)", activation: { name: "e-gem", N: 1, eps: 0.01 } },
  ],
  columns: [{ benchmark: "sleep", title: "Sleep (no-op, orchestration tests)", metric: "none", direction: "max" }],
  configs: [
    { configKey: "sleep|gelu", benchmark: "sleep", rowKey: "gelu", activation: { name: "gelu" }, hyper: { epochs: 1, batchSize: 1, lr: 0.001, optimizer: "sgd", sleepMs: 0, failTimes: 0 } },
    { configKey: "sleep|e-gem|N=1|eps=0.01", benchmark: "sleep", rowKey: "e-gem|N=1|eps=0.01", activation: { name: "e-gem", N: 1, eps: 0.01 }, hyper: { epochs: 1, batchSize: 1, lr: 0.001, optimizer: "sgd", sleepMs: 0, failTimes: 0 } },
  ],
  seeds: [0, 1],
  pivots: [],
  pruner: { strategy: "none" },
};

/** Writes a sweep row the way another version did: its own spec text, its own plan (or none), trials with results. */
async function storeSweep(spec: unknown, plan: unknown): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `INSERT INTO "Sweep" (id, name, spec, plan, "planVersion", baseline) VALUES ($1, $2, $3, $4, $5, 'gelu')`,
    [id, "old", JSON.stringify(spec), plan === null ? null : JSON.stringify(plan), plan === null ? null : 1],
  );
  const results: [string, string, string, number | null, number, number][] = [
    ["sleep|gelu", "gelu", "gelu", null, 0, 0.5],
    ["sleep|gelu", "gelu", "gelu", null, 1, 0.52],
    ["sleep|e-gem|N=1|eps=0.01", "e-gem", "e-gem", 1, 0, 0.61],
    ["sleep|e-gem|N=1|eps=0.01", "e-gem", "e-gem", 1, 1, 0.63],
  ];
  for (const [configKey, , activation, n, seed, metric] of results) {
    await pool.query(
      `INSERT INTO "Trial" (id, "sweepId", benchmark, activation, n, eps, seed, "configKey", config, status, "finalMetric")
       VALUES ($1, $2, 'sleep', $3, $4, $5, $6, $7, '{}', 'COMPLETED', $8)`,
      [randomUUID(), id, activation, n, n === null ? null : 0.01, seed, configKey, metric],
    );
  }
  return id;
}

describe("the sweep plan, stored once", () => {
  it("is written at submit with its version, and the table's rows and baseline come from it", async () => {
    const { id } = await new Orchestrator(prisma, queue).submit({
      name: "planned",
      benchmark: "sleep",
      seeds: [0, 1],
      baseline: "gelu",
      activations: ["relu", "gelu", { name: "e-gem", eps: [0.1, 1] }],
    });
    const row = await prisma.sweep.findUniqueOrThrow({ where: { id }, select: { plan: true, planVersion: true } });
    expect(row.planVersion).toBe(PLAN_VERSION);
    const plan = await sweeps.getSweepPlan(id);
    expect(plan.rows.map((r) => r.key)).toEqual(["relu", "gelu", "e-gem|N=1|eps=0.1", "e-gem|N=1|eps=1"]);
    expect(plan.rows[2]!.activation).toEqual({ name: "e-gem", N: 1, eps: 0.1 });
    expect(plan.pivots).toEqual([{ by: "eps", family: "e-gem", values: [0.1, 1] }]);
    const table = await sweepTable(prisma, id);
    expect(table.rows.map((r) => r.key)).toEqual(plan.rows.map((r) => r.key));
    expect(table.baselineKey).toBe("gelu");
    expect(table.pivots).toEqual(plan.pivots);
  });

  it("keeps an older version's sweep readable even when its spec no longer parses", async () => {
    // `activations: "everything"` is not a spec today; a table that re-parsed it would fail.
    const id = await storeSweep({ name: "old", benchmark: "sleep", activations: "everything", futureKey: 1 }, PLAN_V1);
    const table = await sweepTable(prisma, id);
    expect(table.rows.map((r) => r.label)).toEqual(["GELU", "E-GEM (N=1, ε=0.01)"]);
    expect(table.rows[1]!.activation).toEqual({ name: "e-gem", N: 1, eps: 0.01 });
    expect(table.rows[1]!.cells[0]!.n).toBe(2);
    expect(table.rows[1]!.cells[0]!.mean).toBeCloseTo(0.62, 12);
    expect(table.rows[1]!.cells[0]!.delta).toBeCloseTo(0.11, 12);
  });

  it("derives and stores a plan, once, for a sweep stored before plans existed", async () => {
    const spec = { name: "legacy", benchmark: "sleep", seeds: [0, 1], activations: ["gelu", { name: "e-gem", eps: 0.01 }] };
    const id = await storeSweep(spec, null);
    const table = await sweepTable(prisma, id);
    expect(table.rows.map((r) => r.key)).toEqual(["gelu", "e-gem|N=1|eps=0.01"]);
    const row = await prisma.sweep.findUniqueOrThrow({ where: { id }, select: { plan: true, planVersion: true } });
    expect(row.planVersion).toBe(PLAN_VERSION);
    expect((row.plan as { rows: unknown[] }).rows).toHaveLength(2);
  });

  it("refuses a plan from a newer version with a message that says what to do", async () => {
    const id = await storeSweep({ name: "new" }, { ...PLAN_V1, version: 99 });
    await expect(sweepTable(prisma, id)).rejects.toThrow(/version 99.*upgrade GemSweep/);
  });
});
