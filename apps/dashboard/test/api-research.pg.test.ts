// Why: the research routes over HTTP on the production server: raw exports (streamed, read back and checked against the database), trial logs, repro records, and sweeps named by prefix or name.
import { randomUUID } from "node:crypto";
import { createPrismaClient, GemSweepStorage, sqlPoolOf, type PrismaClient } from "@gemsweep/db";
import { parse } from "csv-parse/sync";
import { parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  send,
  startTestDashboard,
  START_TIMEOUT_MS,
  type ErrorBody,
  type TestDashboard,
} from "./support/test-dashboard.js";

let dash: TestDashboard;
let prisma: PrismaClient;
let storage: GemSweepStorage;
const tag = randomUUID().slice(0, 8);
const name = `api-research-${tag}`;
const ids = { sweep: "", other: "" };
let trialIds: string[] = [];
const EPOCHS = 3;
const workerId = `api-research-${process.pid}`;

async function create(spec: object): Promise<string> {
  const created = await send(`${dash.url}/api/sweeps`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spec),
  });
  if (created.status !== 201)
    throw new Error(`sweep not created: ${created.status} ${created.text}`);
  return created.json<{ id: string }>().id;
}

/** Plays a worker through the real stores: a repro record at each attempt's start, epochs, log lines, the outcome. */
async function seed(sweepId: string): Promise<string[]> {
  await storage.workers.register({
    id: workerId,
    host: "test",
    pid: process.pid,
    backend: "cpu",
    device: "test device",
    concurrency: 1,
  });
  const trials = await prisma.trial.findMany({
    where: { sweepId },
    orderBy: [{ configKey: "asc" }, { seed: "asc" }],
  });
  for (const [i, trial] of trials.entries()) {
    const config = trial.config as {
      activation: Record<string, unknown>;
      hyper: Record<string, unknown>;
    };
    const repro = {
      gitCommit: `commit-${i}`,
      gitDirty: i % 2 === 0,
      gemsweepVersion: "0.1.0",
      tfjsVersion: "4.22.0",
      nodeVersion: process.version,
      lockfileSha256: "f".repeat(64),
      backend: "cpu",
      device: "test device",
      workerId,
      dataset: null,
      config: {
        benchmark: trial.benchmark,
        activation: config.activation,
        hyper: config.hyper,
        seed: trial.seed,
        configKey: trial.configKey,
      },
      recordedAt: new Date().toISOString(),
    };
    const start = await storage.trials.beginAttempt(trial.id, workerId, repro);
    if (start.kind !== "run")
      throw new Error(`trial ${trial.id} (#${i}) not runnable: ${start.status}`);
    for (let epoch = 1; epoch <= EPOCHS; epoch++)
      await storage.trials.recordEpoch(trial.id, start.attemptId, {
        epoch,
        loss: 1 / epoch,
        metric: 0.5 + i / 100 + epoch / 10,
        testMetric: 0.4 + epoch / 10,
        testLoss: 1 / epoch,
        lr: 0.01 / epoch,
        trainLoss: 2 / epoch,
        samplesPerSec: 1000 + i,
      });
    await storage.logs.append(trial.id, start.attemptId, [
      { seq: 1, time: Date.now(), level: 30, msg: "attempt 1 started", data: { attempt: 1 } },
      { seq: 2, time: Date.now(), level: 40, msg: "a warning", data: { epoch: 1 } },
      {
        seq: 3,
        time: Date.now(),
        level: 50,
        msg: "an error",
        data: { err: { type: "Error", message: "boom", stack: "Error: boom\n    at here" } },
      },
    ]);
    await storage.trials.finishAttempt(trial.id, start.attemptId, {
      status: "COMPLETED",
      finalMetric: 0.5 + i / 100,
      bestMetric: null,
      finalLoss: 0.3,
    });
  }
  return trials.map((t) => t.id);
}

beforeAll(async () => {
  dash = await startTestDashboard();
  prisma = createPrismaClient(process.env.DATABASE_URL!, { max: 2 });
  storage = GemSweepStorage.open(process.env.DATABASE_URL!, { max: 2 });
  ids.sweep = await create({
    name,
    benchmark: "sleep",
    seeds: [0, 1],
    baseline: "gelu",
    activations: ["gelu", { name: "e-gem", N: [1, 2], eps: 0.1 }],
    overrides: { epochs: EPOCHS, sleepMs: 7 },
  });
  ids.other = await create({
    name: `${name}-other`,
    benchmark: "sleep",
    seeds: [0],
    activations: ["gelu"],
  });
  trialIds = await seed(ids.sweep);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await storage?.close();
  await prisma?.$disconnect();
  await dash?.stop();
});

describe("GET /api/sweeps/:id/export", () => {
  it("trials as CSV: an attachment, one row per trial, activation parameters and hyperparameters as columns, equal to the database", async () => {
    const res = await send(`${dash.url}/api/sweeps/${ids.sweep}/export?what=trials&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="${name}-trials.csv"`,
    );
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    const trials = await prisma.trial.findMany({
      where: { sweepId: ids.sweep },
      include: { attempts: true },
    });
    expect(rows).toHaveLength(trials.length);
    for (const trial of trials) {
      const row = rows.find((r) => r["trial_id"] === trial.id)!;
      expect(row).toMatchObject({
        activation: trial.activation,
        N: trial.n === null ? "" : String(trial.n),
        eps: trial.eps === null ? "" : String(trial.eps),
        seed: String(trial.seed),
        status: "COMPLETED",
        final_metric: String(trial.finalMetric),
        hyper_sleepMs: "7",
        hyper_epochs: String(EPOCHS),
        attempts: "1",
      });
      const repro = trial.attempts[0]!.repro as { gitCommit: string; gitDirty: boolean };
      expect(row["git_commit"]).toBe(repro.gitCommit);
      expect(row["git_dirty"]).toBe(String(repro.gitDirty));
    }
  });

  it("epochs as JSON Lines and as Parquet: the same rows as the database, each with its attempt's record", async () => {
    const { rows: db } = await sqlPoolOf(prisma).query<{
      trialId: string;
      epoch: number;
      metric: number;
      lr: number;
      samplesPerSec: number;
    }>(
      `SELECT e."trialId"::text AS "trialId", e.epoch, e.metric, e.lr, e."samplesPerSec" FROM "EpochMetric" e JOIN "Trial" t ON t.id = e."trialId" WHERE t."sweepId" = $1`,
      [ids.sweep],
    );
    expect(db).toHaveLength(trialIds.length * EPOCHS);
    const jsonl = await send(`${dash.url}/api/sweeps/${ids.sweep}/export?what=epochs&format=jsonl`);
    expect(jsonl.headers.get("content-type")).toMatch(/^application\/jsonl/);
    const lines = jsonl.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const response = await fetch(
      `${dash.url}/api/sweeps/${ids.sweep}/export?what=epochs&format=parquet`,
    );
    expect(response.headers.get("content-type")).toBe("application/vnd.apache.parquet");
    const parquet = (await parquetReadObjects({ file: await response.arrayBuffer() })) as Record<
      string,
      unknown
    >[];
    for (const rows of [lines, parquet]) {
      expect(rows).toHaveLength(db.length);
      for (const epoch of db) {
        const row = rows.find(
          (r) => r["trial_id"] === epoch.trialId && r["epoch"] === epoch.epoch,
        )!;
        expect(row).toMatchObject({
          metric: epoch.metric,
          lr: epoch.lr,
          samples_per_sec: epoch.samplesPerSec,
          hyper_sleepMs: 7,
          attempt: 1,
          backend: "cpu",
          worker_id: workerId,
          trial_status: "COMPLETED",
        });
      }
    }
  });

  it("is streamed: no Content-Length, and a larger export arrives in several chunks read from the cursor", async () => {
    await sqlPoolOf(prisma).query(
      `INSERT INTO "EpochMetric" (id, "trialId", epoch, loss, metric) SELECT gen_random_uuid(), $1::uuid, e, 0.1, 0.2 FROM generate_series(1000, 9999) AS e`,
      [trialIds[0]],
    );
    const response = await fetch(
      `${dash.url}/api/sweeps/${ids.sweep}/export?what=epochs&format=csv`,
    );
    expect(response.headers.get("content-length")).toBeNull();
    const reader = response.body!.getReader();
    let chunks = 0;
    let text = "";
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks++;
      text += decoder.decode(value, { stream: true });
    }
    expect(chunks).toBeGreaterThan(1);
    expect(text.trim().split("\r\n")).toHaveLength(1 + trialIds.length * EPOCHS + 9000);
  });

  it("takes a name or a unique id prefix; refuses a bad what or format with the parameter named", async () => {
    const byName = await send(`${dash.url}/api/sweeps/${name}/export?what=trials&format=jsonl`);
    expect(byName.status).toBe(200);
    expect(byName.text.trim().split("\n")).toHaveLength(trialIds.length);
    expect((await send(`${dash.url}/api/sweeps/${ids.sweep.slice(0, 8)}/export`)).status).toBe(200);
    const bad = await send(`${dash.url}/api/sweeps/${ids.sweep}/export?what=layers`);
    expect(bad.status).toBe(400);
    expect(bad.json<ErrorBody>().errors[0]!.path).toBe("what");
    expect(
      (await send(`${dash.url}/api/sweeps/${ids.sweep}/export?format=xlsx`)).json<ErrorBody>()
        .errors[0]!.path,
    ).toBe("format");
    expect((await send(`${dash.url}/api/sweeps/${randomUUID()}/export`)).status).toBe(404);
  });
});

describe("sweeps named by prefix or name over the API", () => {
  it("sweep reads take a unique prefix or a name (its newest sweep)", async () => {
    expect(
      (await send(`${dash.url}/api/sweeps/${ids.sweep.slice(0, 6)}`)).json<{ id: string }>().id,
    ).toBe(ids.sweep);
    expect(
      (await send(`${dash.url}/api/sweeps/${encodeURIComponent(name)}`)).json<{ id: string }>().id,
    ).toBe(ids.sweep);
    expect((await send(`${dash.url}/api/sweeps/${name}/table?format=csv`)).status).toBe(200);
    expect(
      (await send(`${dash.url}/api/sweeps/${name}/trials`)).json<{ total: number }>().total,
    ).toBe(trialIds.length);
    expect((await send(`${dash.url}/api/sweeps/${name}/curves`)).status).toBe(200);
    const compared = await send(`${dash.url}/api/compare?ids=${name},${name}-other`);
    expect(compared.status).toBe(200);
    expect(compared.json<{ sweeps: { id: string }[] }>().sweeps.map((s) => s.id)).toEqual([
      ids.sweep,
      ids.other,
    ]);
  });

  it("an ambiguous prefix is a 400 naming the field, listing the candidates", async () => {
    const twin = `${ids.sweep.slice(0, 6)}${ids.sweep[6] === "0" ? "1" : "0"}${ids.sweep.slice(7)}`;
    await sqlPoolOf(prisma).query(
      `INSERT INTO "Sweep" (id, name, spec, baseline) VALUES ($1, $2, '{}', 'gelu')`,
      [twin, `twin-${tag}`],
    );
    try {
      const res = await send(`${dash.url}/api/sweeps/${ids.sweep.slice(0, 6)}`);
      expect(res.status).toBe(400);
      const issue = res.json<ErrorBody>().errors[0]!;
      expect(issue.path).toBe("id");
      expect(issue.message).toContain(ids.sweep);
      expect(issue.message).toContain(twin);
      const compare = await send(`${dash.url}/api/compare?ids=${name},${ids.sweep.slice(0, 6)}`);
      expect(compare.status).toBe(400);
      expect(compare.json<ErrorBody>().errors[0]!.path).toBe("ids.1");
    } finally {
      await sqlPoolOf(prisma).query(`DELETE FROM "Sweep" WHERE id = $1`, [twin]);
    }
    expect((await send(`${dash.url}/api/sweeps/no-such-sweep-${tag}`)).status).toBe(404);
  });
});

describe("GET /api/trials/:id/logs and the repro record", () => {
  it("returns the lines after a cursor, with the trial's status; a bad cursor is a 400 naming `after`", async () => {
    const id = trialIds[1]!;
    const first = await send(`${dash.url}/api/trials/${id}/logs?limit=2`);
    expect(first.status).toBe(200);
    const page = first.json<{
      status: string;
      lines: { msg: string; level: number; attempt: number; data: Record<string, unknown> }[];
      next: string;
    }>();
    expect(page.status).toBe("COMPLETED");
    expect(page.lines.map((l) => l.msg)).toEqual(["attempt 1 started", "a warning"]);
    const rest = (
      await send(`${dash.url}/api/trials/${id.slice(0, 13)}/logs?after=${page.next}`)
    ).json<typeof page>();
    expect(rest.lines).toHaveLength(1);
    expect(rest.lines[0]!).toMatchObject({
      level: 50,
      attempt: 1,
      data: { err: { stack: "Error: boom\n    at here" } },
    });
    const bad = await send(`${dash.url}/api/trials/${id}/logs?after=abc`);
    expect(bad.status).toBe(400);
    expect(bad.json<ErrorBody>().errors[0]!.path).toBe("after");
    expect((await send(`${dash.url}/api/trials/${randomUUID()}/logs`)).status).toBe(404);
  });

  it("GET /api/trials/:id carries each attempt's repro record", async () => {
    const detail = (await send(`${dash.url}/api/trials/${trialIds[0]}`)).json<{
      attempts: {
        repro: { gitCommit: string; backend: string; config: { seed: number } } | null;
      }[];
      seed: number;
    }>();
    expect(detail.attempts[0]!.repro).toMatchObject({
      gitCommit: "commit-0",
      backend: "cpu",
      config: { seed: detail.seed },
    });
  });
});
