import { ErrorCode, isGemSweepError } from "@gemsweep/contracts";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSpec, planSweep } from "@gemsweep/core";
import { GemSweepStorage } from "../src/gemsweep-storage.js";
import { migrateDatabase } from "../src/migrations.js";
import { EXPORT_BATCH_ROWS } from "../src/sweep-export.js";
import { TRIAL_LOG_MAX_LINES } from "../src/trial-log-store.js";
import { createScratchDatabase } from "./test-database.js";

// The reads this branch adds to GemSweepStorage (the sweep resolver, the list, raw exports,
// trial logs), on real PostgreSQL in a database of their own, checked against rows written
// through the stores or, for ids chosen on purpose, by plain SQL.

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let storage: GemSweepStorage;
let sql: pg.Client;

/** A sweep row with a chosen id, name and age (the resolver reads nothing else). */
async function sweepRow(
  id: string,
  name: string,
  minutesAgo: number,
  status = "COMPLETED",
): Promise<void> {
  await sql.query(
    `INSERT INTO "Sweep" (id, name, spec, status, baseline, "createdAt") VALUES ($1, $2, '{}', $3::"SweepStatus", 'gelu', timezone('UTC', now()) - make_interval(mins => $4))`,
    [id, name, status, minutesAgo],
  );
}

async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; issues: { path: string; message: string }[] }> {
  try {
    await promise;
  } catch (error) {
    if (isGemSweepError(error))
      return { code: error.code, message: error.message, issues: error.issues };
    throw error;
  }
  throw new Error("expected an error");
}

beforeAll(async () => {
  scratch = await createScratchDatabase();
  await migrateDatabase(scratch.url);
  storage = GemSweepStorage.open(scratch.url, { max: 4 });
  sql = new pg.Client({ connectionString: scratch.url });
  await sql.connect();
  await sweepRow("abcd1234-0000-4000-8000-000000000001", "alpha", 30);
  await sweepRow("abcd5678-0000-4000-8000-000000000002", "beta", 20, "RUNNING");
  await sweepRow("0123aaaa-0000-4000-8000-000000000003", "alpha", 10, "FAILED");
  await sweepRow("feed0000-0000-4000-8000-000000000004", "beef", 5);
  await sweepRow("beef0000-0000-4000-8000-000000000005", "gamma-run", 1);
});

afterAll(async () => {
  await sql?.end();
  await storage?.close();
  await scratch?.drop();
});

describe("resolveSweep: a full id, a unique id prefix, or a name", () => {
  it("takes a full id, a prefix of one sweep (with or without hyphens, any case) and a name (its newest sweep)", async () => {
    expect(await storage.resolveSweep("abcd1234-0000-4000-8000-000000000001")).toMatchObject({
      id: "abcd1234-0000-4000-8000-000000000001",
      matchedBy: "id",
    });
    expect(await storage.resolveSweep("abcd12")).toMatchObject({
      id: "abcd1234-0000-4000-8000-000000000001",
      matchedBy: "prefix",
    });
    expect(await storage.resolveSweep("ABCD5678-00")).toMatchObject({
      id: "abcd5678-0000-4000-8000-000000000002",
      matchedBy: "prefix",
    });
    expect(await storage.resolveSweep("0123aaaa0000")).toMatchObject({
      id: "0123aaaa-0000-4000-8000-000000000003",
    });
    expect(await storage.resolveSweep("alpha")).toMatchObject({
      id: "0123aaaa-0000-4000-8000-000000000003",
      matchedBy: "name",
      name: "alpha",
    });
    expect(await storage.resolveSweep("gamma-run")).toMatchObject({
      id: "beef0000-0000-4000-8000-000000000005",
      matchedBy: "name",
    });
  });

  it("an ambiguous prefix is INVALID_INPUT naming the field and listing every candidate", async () => {
    const error = await errorOf(storage.resolveSweep("abcd", "ID"));
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.path).toBe("ID");
    expect(error.issues[0]!.message).toContain("abcd1234-0000-4000-8000-000000000001 (alpha");
    expect(error.issues[0]!.message).toContain("abcd5678-0000-4000-8000-000000000002 (beta");
  });

  it("a reference that is one sweep's name and another's id prefix is ambiguous too", async () => {
    const error = await errorOf(storage.resolveSweep("beef", "ids.1"));
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.issues[0]!.path).toBe("ids.1");
    expect(error.issues[0]!.message).toMatch(/prefix of 1 sweep id\(s\) and the name of another/);
    expect(error.issues[0]!.message).toContain("beef0000-0000-4000-8000-000000000005");
    expect(error.issues[0]!.message).toContain("feed0000-0000-4000-8000-000000000004");
  });

  it("nothing matching is NOT_FOUND; fewer than 4 hex digits is not a prefix", async () => {
    expect((await errorOf(storage.resolveSweep("9999"))).code).toBe(ErrorCode.NOT_FOUND);
    expect((await errorOf(storage.resolveSweep(randomUUID()))).code).toBe(ErrorCode.NOT_FOUND);
    const short = await errorOf(storage.resolveSweep("abc"));
    expect(short.code).toBe(ErrorCode.NOT_FOUND);
    expect(short.message).toMatch(/at least 4 hex digits/);
  });
});

describe("sweepList", () => {
  it("lists newest first, filtered by status and by a case-insensitive name substring, up to the limit", async () => {
    const all = await storage.sweepList({ limit: 50 });
    expect(all.map((s) => s.name)).toEqual(["gamma-run", "beef", "alpha", "beta", "alpha"]);
    expect((await storage.sweepList({ limit: 2 })).map((s) => s.name)).toEqual([
      "gamma-run",
      "beef",
    ]);
    expect((await storage.sweepList({ limit: 50, status: "RUNNING" })).map((s) => s.id)).toEqual([
      "abcd5678-0000-4000-8000-000000000002",
    ]);
    expect((await storage.sweepList({ limit: 50, nameContains: "ALP" })).map((s) => s.id)).toEqual([
      "0123aaaa-0000-4000-8000-000000000003",
      "abcd1234-0000-4000-8000-000000000001",
    ]);
    expect(await storage.sweepList({ limit: 50, nameContains: "alp", status: "RUNNING" })).toEqual(
      [],
    );
    expect(all[0]).toMatchObject({ total: 0, ended: 0, completed: 0 });
  });
});

describe("raw exports and trial logs of a sweep written through the stores", () => {
  let sweepId = "";
  let trialIds: string[] = [];
  const EPOCHS = 3;

  beforeAll(async () => {
    const spec = parseSpec({
      name: "exported",
      benchmark: "sleep",
      seeds: [0, 1],
      baseline: "gelu",
      activations: ["gelu", { name: "e-gem", N: 2, eps: [0.01, 0.1] }],
      overrides: { epochs: EPOCHS, sleepMs: 1 },
    });
    const { plan, trials } = planSweep(spec);
    const created = await storage.sweeps.createSweep(plan, spec, trials);
    sweepId = created.sweepId;
    trialIds = created.jobs.map((j) => j.trialId);
    await storage.workers.register({
      id: "w-test",
      host: "test",
      pid: 1,
      backend: "cpu",
      device: "test",
      concurrency: 1,
    });
    for (const [i, job] of created.jobs.entries()) {
      const start = await storage.trials.beginAttempt(job.trialId, "w-test", {
        gitCommit: "c0ffee",
        gitDirty: false,
        backend: "cpu",
        device: "test",
        workerId: "w-test",
        gemsweepVersion: "0.1.0",
        tfjsVersion: "4.22.0",
        nodeVersion: "v20",
        lockfileSha256: "ab",
        dataset: null,
        config: {
          benchmark: "sleep",
          activation: job.activation,
          hyper: job.hyper,
          seed: job.seed,
          configKey: job.configKey,
        },
        recordedAt: new Date().toISOString(),
      });
      if (start.kind !== "run") throw new Error("expected a run");
      for (let epoch = 1; epoch <= EPOCHS; epoch++) {
        await storage.trials.recordEpoch(job.trialId, start.attemptId, {
          epoch,
          loss: 1 / epoch,
          metric: i + epoch / 10,
          testMetric: i + epoch / 10,
          testLoss: 1 / epoch,
          lr: 0.001 * epoch,
          trainLoss: 2 / epoch,
          samplesPerSec: 100 * epoch,
        });
      }
      await storage.trials.finishAttempt(job.trialId, start.attemptId, {
        status: "COMPLETED",
        finalMetric: i + EPOCHS / 10,
        bestMetric: null,
        finalLoss: 1 / EPOCHS,
      });
    }
  });

  async function all(what: "trials" | "epochs") {
    const exported = await storage.sweepExport(sweepId, what);
    const rows: Record<string, unknown>[] = [];
    let batches = 0;
    for await (const batch of exported.batches) {
      batches++;
      rows.push(...batch);
    }
    return { ...exported, rows, batches };
  }

  it("trials: one row per trial with the activation's parameters, every resolved hyperparameter and the repro record", async () => {
    const { columns, rows } = await all("trials");
    const names = columns.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "N",
        "eps",
        "alpha",
        "hyper_epochs",
        "hyper_lr",
        "hyper_sleepMs",
        "status",
        "final_metric",
        "git_commit",
        "dataset_checksum",
      ]),
    );
    expect(rows).toHaveLength(trialIds.length);
    const { rows: db } = await sql.query<{
      id: string;
      n: number | null;
      eps: number | null;
      finalMetric: number;
      hyper: Record<string, unknown>;
    }>(
      `SELECT id::text, n, eps, "finalMetric", config->'hyper' AS hyper FROM "Trial" WHERE "sweepId" = $1`,
      [sweepId],
    );
    for (const trial of db) {
      const row = rows.find((r) => r["trial_id"] === trial.id)!;
      expect(row).toMatchObject({
        N: trial.n,
        eps: trial.eps,
        final_metric: trial.finalMetric,
        status: "COMPLETED",
        attempts: 1,
        git_commit: "c0ffee",
        git_dirty: false,
        backend: "cpu",
        repro_attempt: 1,
        sweep_name: "exported",
      });
      for (const [key, value] of Object.entries(trial.hyper))
        expect(row[`hyper_${key}`]).toEqual(value);
    }
  });

  it("epochs: one row per epoch, each with its trial's identity and its attempt's record", async () => {
    const { rows } = await all("epochs");
    expect(rows).toHaveLength(trialIds.length * EPOCHS);
    const { rows: db } = await sql.query<{
      trialId: string;
      epoch: number;
      metric: number;
      lr: number;
      samplesPerSec: number;
    }>(
      `SELECT e."trialId"::text AS "trialId", e.epoch, e.metric, e.lr, e."samplesPerSec" FROM "EpochMetric" e JOIN "Trial" t ON t.id = e."trialId" WHERE t."sweepId" = $1`,
      [sweepId],
    );
    for (const epoch of db) {
      const row = rows.find((r) => r["trial_id"] === epoch.trialId && r["epoch"] === epoch.epoch)!;
      expect(row).toMatchObject({
        metric: epoch.metric,
        lr: epoch.lr,
        samples_per_sec: epoch.samplesPerSec,
        attempt: 1,
        trial_status: "COMPLETED",
        git_commit: "c0ffee",
        hyper_epochs: EPOCHS,
      });
    }
  });

  it("reads through a cursor in batches of EXPORT_BATCH_ROWS, and a consumer that stops early hands the connection back", async () => {
    const trial = trialIds[0]!;
    await sql.query(
      `INSERT INTO "EpochMetric" (id, "trialId", epoch, loss, metric) SELECT gen_random_uuid(), $1::uuid, e, 0.5, 0.5 FROM generate_series(100, 100 + $2) AS e`,
      [trial, EXPORT_BATCH_ROWS + 10],
    );
    const { rows, batches } = await all("epochs");
    expect(rows.length).toBe(trialIds.length * EPOCHS + EXPORT_BATCH_ROWS + 11);
    expect(batches).toBe(2);
    for (let i = 0; i < 6; i++) {
      // more early stops than the pool has connections: each must release its own
      const { batches: early } = await storage.sweepExport(sweepId, "epochs");
      await early.next();
      await early.return(undefined);
    }
    expect((await storage.sweepList({ limit: 1 })).length).toBe(1);
  });

  it("trial logs: appended lines come back after a cursor, and each attempt keeps only its last lines", async () => {
    const trialId = trialIds[1]!;
    const { rows } = await sql.query<{ id: string }>(
      `SELECT id::text FROM "Attempt" WHERE "trialId" = $1`,
      [trialId],
    );
    const attemptId = rows[0]!.id;
    const line = (seq: number) => ({
      seq,
      time: Date.UTC(2026, 0, 1, 0, 0, seq % 60),
      level: seq % 7 === 0 ? 40 : 30,
      msg: `line ${seq}`,
      data: { epoch: seq },
    });
    await storage.logs.append(trialId, attemptId, [1, 2, 3].map(line));
    const first = await storage.trialLogs(trialId, { limit: 2 });
    expect(first.lines.map((l) => l.msg)).toEqual(["line 1", "line 2"]);
    expect(first.lines[0]).toMatchObject({ attempt: 1, seq: 1, level: 30, data: { epoch: 1 } });
    expect(first.lines[0]!.time.toISOString()).toBe("2026-01-01T00:00:01.000Z");
    const rest = await storage.trialLogs(trialId, { after: first.next!, limit: 100 });
    expect(rest.lines.map((l) => l.msg)).toEqual(["line 3"]);
    expect(rest.status).toBe("COMPLETED");
    const none = await storage.trialLogs(trialId, { after: rest.next!, limit: 100 });
    expect(none.lines).toEqual([]);
    expect(none.next).toBe(rest.next);

    // over the bound: the oldest lines go, and the read says how many
    const many = Array.from({ length: TRIAL_LOG_MAX_LINES + 500 }, (_, i) => line(i + 4));
    await storage.logs.append(trialId, attemptId, many);
    const kept = await storage.trialLogs(trialId, { limit: 5000 });
    expect(kept.lines).toHaveLength(TRIAL_LOG_MAX_LINES);
    expect(kept.lines[0]!.seq).toBe(504);
    expect(kept.lines.at(-1)!.seq).toBe(TRIAL_LOG_MAX_LINES + 503);
    expect(kept.dropped).toEqual([{ attempt: 1, lines: 503 }]);

    // a line's message and fields are cut to their bound
    await storage.logs.append(trialId, attemptId, [
      {
        seq: TRIAL_LOG_MAX_LINES + 504,
        time: Date.now(),
        level: 50,
        msg: "x".repeat(10_000),
        data: { err: { stack: "y".repeat(20_000) } },
      },
    ]);
    const last = (await storage.trialLogs(trialId, { after: kept.next!, limit: 10 })).lines[0]!;
    expect(last.msg.length).toBeLessThanOrEqual(2001);
    expect(JSON.stringify(last.data).length).toBeLessThan(9000);

    expect(
      (await errorOf(storage.trialLogs(trialId, { after: "x1", limit: 10 }))).issues[0]!.path,
    ).toBe("after");
    expect((await errorOf(storage.trialLogs(randomUUID(), { limit: 10 }))).code).toBe(
      ErrorCode.NOT_FOUND,
    );
  });

  it("resolveTrial takes a full id or a unique prefix", async () => {
    const id = trialIds[0]!;
    expect(await storage.resolveTrial(id)).toBe(id);
    expect(await storage.resolveTrial(id.slice(0, 13))).toBe(id);
    expect((await errorOf(storage.resolveTrial("zz"))).code).toBe(ErrorCode.NOT_FOUND);
  });
});

describe("raw export of a tune-then-compare sweep with a swept row axis", () => {
  it("each trial carries its stage, its setting, its table row and its own swept and tuned values", async () => {
    const spec = parseSpec({
      name: "exported-stages",
      benchmark: "synthetic",
      activations: ["gelu", "relu"],
      // lr is a row axis of the table (not tuned); weightDecay is tuned by stage 1 (every config's default is 0)
      overrides: { epochs: 2, lr: [0.01, 0.1], weightDecay: [0.001, 0.01] },
      tune: { over: ["weightDecay"] },
      compare: { seeds: [0, 1] },
    });
    const { plan, trials } = planSweep(spec);
    const { sweepId } = await storage.sweeps.createSweep(plan, spec, trials);
    const exported = await storage.sweepExport(sweepId, "trials");
    const rows: Record<string, unknown>[] = [];
    for await (const batch of exported.batches) rows.push(...batch);

    const type = (name: string) => exported.columns.find((c) => c.name === name)?.type;
    expect(type("hyper_weightDecay")).toBe("double");
    expect(type("hyper_lr")).toBe("double");
    expect(type("row_key")).toBe("string");

    const { rows: db } = await sql.query<{
      id: string;
      stage: string;
      sample: number | null;
      configKey: string;
      groupKey: string | null;
      hyper: Record<string, unknown>;
    }>(
      `SELECT id::text, stage::text, sample, "configKey", "groupKey", config->'hyper' AS hyper FROM "Trial" WHERE "sweepId" = $1`,
      [sweepId],
    );
    expect(rows).toHaveLength(db.length);
    expect(new Set(db.map((t) => t.stage))).toEqual(new Set(["TUNE", "COMPARE"]));
    const rowKeys = new Map(plan.configs.map((c) => [c.configKey, c.rowKey]));
    const planRows = new Map(plan.rows.map((r) => [r.key, r]));
    for (const trial of db) {
      const row = rows.find((r) => r["trial_id"] === trial.id)!;
      const rowKey = rowKeys.get(trial.groupKey ?? trial.configKey)!;
      expect(rowKey).toBeDefined();
      expect(row).toMatchObject({
        stage: trial.stage,
        sample: trial.sample,
        row_key: rowKey,
        hyper_lr: trial.hyper["lr"],
        hyper_weightDecay: trial.hyper["weightDecay"] ?? null, // stage 2 holds it once stage 1 chose it
      });
      // the row's swept value is the trial's own
      expect(row["hyper_lr"]).toBe(planRows.get(rowKey)!.swept.lr);
      if (trial.stage === "TUNE") {
        expect(row["sample"]).not.toBeNull();
        expect([0.001, 0.01]).toContain(row["hyper_weightDecay"]);
      }
    }
    // its WAITING comparison trials are still to run: none of them counts as ended
    const [listed] = await storage.sweepList({ limit: 1, nameContains: "exported-stages" });
    expect(listed).toMatchObject({ total: db.length, ended: 0 });
  });
});
