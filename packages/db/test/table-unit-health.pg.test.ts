import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { formatTable, type ComparisonTable } from "@gemsweep/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../src/prisma-client.js";
import { Orchestrator } from "../src/orchestrator.js";
import { sweepTable } from "../src/results-query.js";
import { TrialQueue } from "../src/trial-queue.js";
import { TrialStore, type EpochRecord } from "../src/trial-store.js";
import { WorkerStore } from "../src/worker-store.js";
import { testDatabaseUrl } from "./test-database.js";

// The table's dead / near-dead fractions come from the epoch the table reports (the last for
// `final`, bestEpoch for `best`), and its CSV has a column per activation parameter and swept
// hyperparameter: written through the stores, read back from the CSV text.

const prisma = createPrismaClient(testDatabaseUrl());
const queue = new TrialQueue(process.env.REDIS_URL!, `test-table-health-${randomUUID()}`);
const orchestrator = new Orchestrator(prisma, queue);
const trials = new TrialStore(prisma);

const spec = `
name: table-unit-health
benchmark: fashion-mnist-mlp
seeds: [0, 1]
baseline: gelu
activations: [gelu, { name: e-gem, N: 1, eps: [0.01, 0.1] }]
overrides: { epochs: 2, lr: [1e-3, 3e-3] }
`;

let sweepId = "";

/** Final accuracy by hand: gelu 0.90, e-gem eps 0.01 0.91, eps 0.1 0.905; +0.002 per seed; +0.01 at lr 3e-3. */
function accuracyOf(t: { activation: string; eps: number | null; seed: number; config: unknown }): number {
  const base = t.activation === "gelu" ? 0.9 : t.eps === 0.01 ? 0.91 : 0.905;
  const lr = (t.config as { hyper: { lr: number } }).hyper.lr;
  return base + 0.002 * t.seed + (lr === 3e-3 ? 0.01 : 0);
}

beforeAll(async () => {
  ({ id: sweepId } = await orchestrator.submit(spec));
  const workerId = `w-${randomUUID()}`;
  await new WorkerStore(prisma).register({ id: workerId, host: "test", pid: 1, backend: "cpu", device: "cpu", concurrency: 1 });
  for (const t of await prisma.trial.findMany({ where: { sweepId } })) {
    const start = await trials.beginAttempt(t.id, workerId);
    if (start.kind !== "run") throw new Error("expected to run");
    const acc = accuracyOf(t);
    // epoch 1 (the best-validation epoch): every trial 50% dead, 60% near-dead
    await trials.recordEpoch(t.id, start.attemptId, { epoch: 1, loss: 1, metric: acc, deadFraction: 0.5, nearDeadFraction: 0.6 });
    // epoch 2 (final): gelu 0 dead / 20% near-dead, e-gem 10% / 30% at seed 0, 20% / 40% at seed 1
    const lr = (t.config as { hyper: { lr: number } }).hyper.lr;
    const last: EpochRecord =
      t.activation === "gelu" && t.seed === 1 && lr === 1e-3
        ? // as an epoch recorded before the columns existed: only the per-site counts (2 and 4 of 16 units)
          { epoch: 2, loss: 1, metric: acc, health: [{ site: "dense1", units: 8, deadUnits: 2, nearDeadUnits: 4 }, { site: "dense2", units: 8, deadUnits: 0, nearDeadUnits: 0 }] }
        : t.activation === "gelu"
          ? { epoch: 2, loss: 1, metric: acc, deadFraction: 0, nearDeadFraction: 0.2 }
          : { epoch: 2, loss: 1, metric: acc, deadFraction: 0.1 * (t.seed + 1), nearDeadFraction: 0.3 + 0.1 * t.seed };
    await trials.finishAttempt(t.id, start.attemptId, { status: "COMPLETED", finalMetric: acc, bestMetric: acc - 0.05, bestEpoch: 1, finalLoss: 1 }, { record: last });
  }
});

afterAll(async () => {
  await queue.queue.obliterate({ force: true });
  await queue.close();
  await prisma.$disconnect();
});

function cell(table: ComparisonTable, rowKey: string) {
  const row = table.rows.find((r) => r.key === rowKey);
  if (!row) throw new Error(`no row ${rowKey} in ${table.rows.map((r) => r.key).join(", ")}`);
  return row.cells[0]!;
}

describe("the table's dead and near-dead fractions", () => {
  it("are the mean over seeds at the final epoch for value: final (an old epoch's from its health counts)", async () => {
    const table = await sweepTable(prisma, sweepId);
    const egem = cell(table, "e-gem|N=1|eps=0.01|lr=0.001");
    expect(egem.deadFraction).toBeCloseTo((0.1 + 0.2) / 2, 12);
    expect(egem.nearDeadFraction).toBeCloseTo((0.3 + 0.4) / 2, 12);
    const gelu = cell(table, "gelu|lr=0.001");
    expect(gelu.deadFraction).toBeCloseTo((0 + 2 / 16) / 2, 12);
    expect(gelu.nearDeadFraction).toBeCloseTo((0.2 + 4 / 16) / 2, 12);
  });

  it("are the best-validation epoch's for value: best", async () => {
    const table = await sweepTable(prisma, sweepId, { value: "best" });
    for (const row of table.rows) expect([row.cells[0]!.deadFraction, row.cells[0]!.nearDeadFraction]).toEqual([0.5, 0.6]);
  });
});

describe("the table CSV, read back", () => {
  it("has a column per activation parameter and swept hyperparameter, the unit fractions, and the paper's gap in points", async () => {
    const table = await sweepTable(prisma, sweepId);
    const records = parse(formatTable(table, "csv", { style: "paper" }), { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual(expect.arrayContaining(["activation", "N", "eps", "alpha", "lr", "dead_fraction", "near_dead_fraction", "gap_points"]));
    expect(records).toHaveLength(6);
    const egem = records.find((r) => r.activation === "e-gem" && r.eps === "0.01" && r.lr === "0.003")!;
    expect([egem.N, egem.alpha, egem.unit]).toEqual(["1", "", "%"]);
    // 0.91 + 0.001 + 0.01 = 0.921 -> 92.10 %; gelu at lr 3e-3: 0.911, so the gap is 1.00 point
    expect(Number(egem.mean)).toBeCloseTo(0.921, 12);
    expect(egem.mean_paper).toBe("92.1");
    expect(egem.gap_points).toBe("1");
    expect(Number(egem.dead_fraction)).toBeCloseTo(0.15, 12);
    expect(Number(egem.near_dead_fraction)).toBeCloseTo(0.35, 12);
    const gelu = records.find((r) => r.activation === "gelu" && r.lr === "0.001")!;
    expect([gelu.N, gelu.eps, gelu.baseline, gelu.gap_points]).toEqual(["", "", "true", ""]);
    // the default style has the unit fractions too, and no paper columns
    const plain = parse(formatTable(table, "csv"), { columns: true }) as Record<string, string>[];
    expect(Object.keys(plain[0]!)).toContain("near_dead_fraction");
    expect(Object.keys(plain[0]!)).not.toContain("gap_points");
  });
});
