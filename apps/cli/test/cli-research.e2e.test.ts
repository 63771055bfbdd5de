import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { parquetReadObjects } from "hyparquet";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import {
  exited,
  gemsweep,
  GEMSWEEP_BIN,
  startWorker,
} from "../../../tests/support/gemsweep-cli.js";

// The research commands against the real binary, Redis, PostgreSQL and worker processes: list
// and how a sweep is named (id, prefix, name, ambiguity), table with several sweeps, raw
// exports read back by CSV / JSON / Parquet parsers and checked against the database, and logs
// (--follow while a trial runs). Two real Fashion-MNIST sweeps are run once for all of them.

const dir = mkdtempSync(path.join(tmpdir(), "gemsweep-research-"));
const queueEnv = () => ({ GEMSWEEP_QUEUE: `research-${randomUUID()}` });
const tag = randomUUID().slice(0, 8);
const NAME_A = `research-a-${tag}`;
const NAME_B = `research-b-${tag}`;

function specFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const spec = (name: string, seeds: string, lr: number) => `name: ${name}
benchmark: fashion-mnist-mlp
seeds: ${seeds}
baseline: gelu
activations: [relu, gelu]
overrides: { epochs: 2, trainLimit: 300, testLimit: 200, lr: ${lr} }
`;

let sql: pg.Client;
const ids = { a: "", b: "", bOlder: "" };

async function run(name: string, seeds: string, lr: number): Promise<string> {
  const result = await gemsweep(
    [
      "run",
      specFile(`${name}.yaml`, spec(name, seeds, lr)),
      "--workers",
      "2",
      "--backend",
      "wasm",
      "--out",
      path.join(dir, name),
    ],
    queueEnv(),
  );
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/full logs: each trial's with gemsweep logs <trial>/);
  expect(existsSync(path.join(dir, name, "workers.log"))).toBe(true);
  return /sweep \S+ \(([0-9a-f-]{36})\)/.exec(result.stderr)![1]!;
}

beforeAll(async () => {
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await sql.connect();
  // an older sweep with B's name: a name means the newest sweep of that name
  ids.bOlder = await run(NAME_B, "[0]", 0.01);
  ids.a = await run(NAME_A, "[0, 1]", 0.001);
  ids.b = await run(NAME_B, "[0, 1, 2]", 0.01);
}, 600_000);

afterAll(async () => {
  await sql?.end();
});

describe("gemsweep list", () => {
  it("lists sweeps newest first with status and progress; filters by status and name; --limit; --json", async () => {
    const listed = await gemsweep(["list", "--name", tag]);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATUS\s+PROGRESS\s+CREATED$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(
      [ids.b, ids.a, ids.bOlder].map((id) => id.slice(0, 8)),
    );
    expect(lines[1]).toMatch(new RegExp(`${NAME_B}\\s+COMPLETED\\s+6/6 \\(100%\\)`));

    const json = JSON.parse(
      (await gemsweep(["list", "--name", `RESEARCH-A-${tag}`, "--json"])).stdout,
    ) as { id: string; total: number; ended: number; status: string }[];
    expect(json).toEqual([
      expect.objectContaining({ id: ids.a, total: 4, ended: 4, status: "COMPLETED" }),
    ]);
    expect(
      JSON.parse((await gemsweep(["list", "--name", tag, "--limit", "1", "--json"])).stdout).map(
        (s: { id: string }) => s.id,
      ),
    ).toEqual([ids.b]);
    expect(
      JSON.parse((await gemsweep(["list", "--name", tag, "--status", "running", "--json"])).stdout),
    ).toEqual([]);
    expect(
      (await gemsweep(["list", "--name", tag, "--status", "completed", "--json"])).stdout,
    ).toContain(ids.a);

    const bad = await gemsweep(["list", "--status", "done"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /status must be one of queued, running, completed, cancelled, failed/,
    );
  });
});

describe("a sweep named by id, unique prefix or name", () => {
  it("status, table, cancel and resume take a prefix or a name; a name is its newest sweep", async () => {
    const byPrefix = await gemsweep(["status", ids.a.slice(0, 6), "--json"]);
    expect(byPrefix.code).toBe(0);
    expect(JSON.parse(byPrefix.stdout).id).toBe(ids.a);
    expect(JSON.parse((await gemsweep(["status", NAME_B, "--json"])).stdout).id).toBe(ids.b);
    expect((await gemsweep(["table", NAME_A, "--format", "json"])).code).toBe(0);
    const cancel = await gemsweep(["cancel", ids.a.slice(0, 8)], queueEnv());
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toContain(`cancelled 0 trials of ${ids.a}`);
    const resume = await gemsweep(["resume", NAME_A], queueEnv());
    expect(resume.code).toBe(0);
    expect(resume.stdout).toContain(`re-enqueued 0 trials of ${ids.a}`);
  });

  it("an ambiguous prefix exits 2 naming the argument and listing the candidates; an unknown one exits 1", async () => {
    // a sweep whose id shares A's first 6 hex digits
    const twin = `${ids.a.slice(0, 6)}${ids.a[6] === "0" ? "1" : "0"}${ids.a.slice(7)}`;
    await sql.query(
      `INSERT INTO "Sweep" (id, name, spec, baseline) VALUES ($1, $2, '{}', 'gelu')`,
      [twin, `twin-${tag}`],
    );
    try {
      const ambiguous = await gemsweep(["status", ids.a.slice(0, 6)]);
      expect(ambiguous.code).toBe(2);
      expect(ambiguous.stderr).toContain("ID: ");
      expect(ambiguous.stderr).toContain(ids.a);
      expect(ambiguous.stderr).toContain(twin);
      expect((await gemsweep(["export", ids.a.slice(0, 6)])).code).toBe(2);
      expect((await gemsweep(["status", ids.a.slice(0, 7)])).code).toBe(0);
    } finally {
      await sql.query(`DELETE FROM "Sweep" WHERE id = $1`, [twin]);
    }
    const unknown = await gemsweep(["status", `no-such-sweep-${tag}`]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/not found: no sweep has this id, id prefix or name/);
  });
});

describe("gemsweep table A B", () => {
  it("shows the sweeps' rows side by side on shared benchmarks and marks where their specs differ, in every format", async () => {
    const md = await gemsweep(["table", NAME_A, ids.b.slice(0, 8)]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(
      `| Activation | ${NAME_A} (${ids.a.slice(0, 8)}) | ${NAME_B} (${ids.b.slice(0, 8)}) |`,
    );
    expect(md.stdout).toMatch(/\| GELU \| .*baseline.* \| .*baseline.* \|/);
    expect(md.stdout).toMatch(/\| seeds \| 0, 1 \| 0, 1, 2 \| ≠ \|/);
    expect(md.stdout).toMatch(/\| hyper\.fashion-mnist-mlp\.lr \| 0\.001 \| 0\.01 \| ≠ \|/);
    expect(md.stdout).toMatch(/Equal in every sweep: benchmarks, activations, baseline/);

    const csv = parseCsv((await gemsweep(["table", ids.a, ids.b, "--format", "csv"])).stdout, {
      columns: true,
    }) as Record<string, string>[];
    expect(csv).toHaveLength(4); // 2 configs x 2 sweeps
    expect(Object.keys(csv[0]!)).toEqual(
      expect.arrayContaining(["spec.seeds", "spec.hyper.fashion-mnist-mlp.lr"]),
    );
    const single = JSON.parse((await gemsweep(["table", ids.a, "--format", "json"])).stdout) as {
      rows: { key: string; cells: { mean: number; n: number }[] }[];
    };
    for (const row of single.rows) {
      const line = csv.find((l) => l["row"] === row.key && l["sweep_id"] === ids.a)!;
      expect(Number(line["mean"])).toBeCloseTo(row.cells[0]!.mean, 12);
      expect(Number(line["n"])).toBe(row.cells[0]!.n);
      expect(line["spec.seeds"]).toBe("0, 1");
    }

    const json = JSON.parse(
      (await gemsweep(["table", ids.a, ids.b, "--format", "json"])).stdout,
    ) as {
      sweeps: { id: string }[];
      benchmarks: { rows: unknown[] }[];
      spec: { field: string; differs: boolean }[];
    };
    expect(json.sweeps.map((s) => s.id)).toEqual([ids.a, ids.b]);
    expect(json.spec.find((f) => f.field === "seeds")!.differs).toBe(true);
    expect(json.spec.find((f) => f.field === "baseline")!.differs).toBe(false);
    const tex = (await gemsweep(["table", ids.a, ids.b, "--format", "tex"])).stdout;
    expect(tex).toContain("\\toprule");
    expect(tex).toContain("Spec fields that differ");
    // the paper style is one sweep's table: with two it is invalid input naming --style
    const paper = await gemsweep(["table", ids.a, ids.b, "--style", "paper"]);
    expect(paper.code).toBe(2);
    expect(paper.stderr).toMatch(/--style/);
    expect((await gemsweep(["table", ids.a, "--style", "paper"])).code).toBe(0);
  });
});

describe("gemsweep export", () => {
  interface DbTrial {
    id: string;
    seed: number;
    status: string;
    finalMetric: number;
    hyper: Record<string, unknown>;
    repro: Record<string, unknown> & { dataset: { checksum: string } };
  }

  async function dbTrials(sweepId: string): Promise<DbTrial[]> {
    const { rows } = await sql.query<DbTrial>(
      `SELECT t.id::text, t.seed, t.status::text, t."finalMetric", t.config->'hyper' AS hyper, a.repro
       FROM "Trial" t JOIN "Attempt" a ON a."trialId" = t.id AND a.number = 1 WHERE t."sweepId" = $1`,
      [sweepId],
    );
    return rows;
  }

  it("trials as CSV to a file: every hyperparameter and the repro record as columns, equal to the database", async () => {
    const file = path.join(dir, "trials.csv");
    const result = await gemsweep([
      "export",
      NAME_A,
      "--what",
      "trials",
      "--format",
      "csv",
      "--out",
      file,
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/exported 4 trial rows/);
    const rows = parseCsv(readFileSync(file, "utf8"), { columns: true }) as Record<
      string,
      string
    >[];
    const db = await dbTrials(ids.a);
    expect(rows).toHaveLength(db.length);
    for (const trial of db) {
      const row = rows.find((r) => r["trial_id"] === trial.id)!;
      expect(Number(row["final_metric"])).toBe(trial.finalMetric);
      expect(row["status"]).toBe("COMPLETED");
      for (const [key, value] of Object.entries(trial.hyper))
        expect(row[`hyper_${key}`]).toBe(
          typeof value === "object" ? JSON.stringify(value) : String(value),
        );
      expect(row["git_commit"]).toBe(String(trial.repro["gitCommit"]));
      expect(row["backend"]).toBe("wasm");
      expect(row["dataset"]).toBe("fashion-mnist");
      expect(row["dataset_checksum"]).toMatch(/^[0-9a-f]{64}$/);
      expect(row["dataset_checksum"]).toBe(trial.repro.dataset.checksum);
      expect(row["lockfile_sha256"]).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("epochs as JSON Lines on standard output, equal to the database's epoch rows", async () => {
    const result = await gemsweep([
      "export",
      ids.b.slice(0, 8),
      "--what",
      "epochs",
      "--format",
      "jsonl",
    ]);
    expect(result.code).toBe(0);
    const rows = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const { rows: db } = await sql.query<{
      trialId: string;
      epoch: number;
      metric: number;
      valMetric: number | null;
      testMetric: number;
      lr: number;
      trainLoss: number;
      samplesPerSec: number;
    }>(
      `SELECT e."trialId"::text AS "trialId", e.epoch, e.metric, e."valMetric", e."testMetric", e.lr, e."trainLoss", e."samplesPerSec"
       FROM "EpochMetric" e JOIN "Trial" t ON t.id = e."trialId" WHERE t."sweepId" = $1`,
      [ids.b],
    );
    expect(rows).toHaveLength(db.length);
    expect(db.length).toBe(12); // 2 configs x 3 seeds x 2 epochs
    for (const epoch of db) {
      const row = rows.find((r) => r["trial_id"] === epoch.trialId && r["epoch"] === epoch.epoch)!;
      expect(row).toMatchObject({
        metric: epoch.metric,
        val_metric: epoch.valMetric,
        test_metric: epoch.testMetric,
        lr: epoch.lr,
        train_loss: epoch.trainLoss,
        samples_per_sec: epoch.samplesPerSec,
        hyper_lr: 0.01,
        activation: expect.any(String),
        attempt: 1,
        backend: "wasm",
      });
    }
  });

  it("epochs as Parquet to a file, read back by hyparquet: same rows and types", async () => {
    const file = path.join(dir, "epochs.parquet");
    expect(
      (await gemsweep(["export", ids.a, "--what", "epochs", "--format", "parquet", "--out", file]))
        .code,
    ).toBe(0);
    const bytes = readFileSync(file);
    const rows = (await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    })) as Record<string, unknown>[];
    const { rows: db } = await sql.query<{
      trialId: string;
      epoch: number;
      testMetric: number;
      seed: number;
      recordedAt: Date;
    }>(
      `SELECT e."trialId"::text AS "trialId", e.epoch, e."testMetric", t.seed, e."recordedAt" AT TIME ZONE 'UTC' AS "recordedAt"
       FROM "EpochMetric" e JOIN "Trial" t ON t.id = e."trialId" WHERE t."sweepId" = $1`,
      [ids.a],
    );
    expect(rows).toHaveLength(db.length);
    for (const epoch of db) {
      const row = rows.find((r) => r["trial_id"] === epoch.trialId && r["epoch"] === epoch.epoch)!;
      expect(row["test_metric"]).toBe(epoch.testMetric);
      expect(row["seed"]).toBe(epoch.seed);
      expect(row["hyper_lr"]).toBe(0.001);
      expect((row["recorded_at"] as Date).getTime()).toBe(epoch.recordedAt.getTime());
      expect(row["git_dirty"]).toEqual(expect.any(Boolean));
    }
  });

  it("refuses an unknown --what or --format (exit 2)", async () => {
    expect((await gemsweep(["export", ids.a, "--what", "layers"])).code).toBe(2);
    expect((await gemsweep(["export", ids.a, "--format", "xlsx"])).code).toBe(2);
  });
});

describe("gemsweep logs", () => {
  it("prints a finished trial's lines: start, each epoch, the outcome", async () => {
    const { rows } = await sql.query<{ id: string }>(
      `SELECT id::text FROM "Trial" WHERE "sweepId" = $1 LIMIT 1`,
      [ids.a],
    );
    const logs = await gemsweep(["logs", rows[0]!.id.slice(0, 8)]);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/INFO  \[attempt 1\] attempt 1 started on \S+ \(wasm on /);
    expect(logs.stdout).toMatch(/epoch 1\/2: metric /);
    expect(logs.stdout).toMatch(/epoch 2\/2: metric /);
    expect(logs.stdout).toMatch(/attempt 1 ended: COMPLETED in /);
    const json = (await gemsweep(["logs", rows[0]!.id, "--json"])).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { data: Record<string, unknown>; msg: string });
    expect(json.find((l) => l.msg.startsWith("epoch 1/2"))!.data).toMatchObject({
      epoch: 1,
      testMetric: expect.any(Number),
      lr: expect.any(Number),
    });
  });

  it("--follow prints lines as a running trial writes them and exits when it ends", async () => {
    const env = queueEnv();
    const submitted = await gemsweep(
      [
        "submit",
        specFile(
          "follow.yaml",
          `name: follow-${tag}\nbenchmark: sleep\nseeds: [0]\nactivations: [gelu]\noverrides: { epochs: 5, sleepMs: 800 }\n`,
        ),
        "--json",
      ],
      env,
    );
    expect(submitted.code).toBe(0);
    const sweepId = (JSON.parse(submitted.stdout) as { id: string }).id;
    const { rows } = await sql.query<{ id: string }>(
      `SELECT id::text FROM "Trial" WHERE "sweepId" = $1`,
      [sweepId],
    );
    const worker = startWorker(["--backend", "cpu"], env);
    try {
      await worker.ready;
      // the real binary, watched chunk by chunk: when did each line arrive, when did it exit
      const follow = spawn(
        process.execPath,
        [GEMSWEEP_BIN, "logs", rows[0]!.id.slice(0, 10), "--follow"],
        { env: process.env },
      );
      const chunks: { at: number; text: string }[] = [];
      let stderr = "";
      follow.stdout.on("data", (d: Buffer) => chunks.push({ at: Date.now(), text: d.toString() }));
      follow.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const code = await exited(follow);
      const exitedAt = Date.now();
      const stdout = chunks.map((c) => c.text).join("");
      expect(code, stderr).toBe(0);
      for (let epoch = 1; epoch <= 5; epoch++) expect(stdout).toContain(`epoch ${epoch}/5`);
      expect(stdout).toMatch(/ended: COMPLETED/);
      // the first epoch's line came while the trial still had 4 epochs of 0.8 s to go
      const firstEpoch = chunks.find((c) => c.text.includes("epoch 1/5"))!;
      expect(exitedAt - firstEpoch.at).toBeGreaterThan(1500);
      const status = JSON.parse((await gemsweep(["status", sweepId, "--json"])).stdout) as {
        status: string;
      };
      expect(status.status).toBe("COMPLETED");
    } finally {
      worker.child.kill("SIGTERM");
      await exited(worker.child);
    }
  });
});
