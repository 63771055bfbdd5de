import { readFileSync, readdirSync, statSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvSafeText, toCsv } from "@gemsweep/core";
import { DatasetError, encodeIdx, loadIdxDataset } from "@gemsweep/trainer";
import { ensureBuild } from "../../apps/dashboard/tools/ensure-build.js";
import { createAuthDatabase } from "../../apps/dashboard/test/support/auth-database.js";
import { send, startTestDashboard } from "../../apps/dashboard/test/support/test-dashboard.js";
import { gemsweep, REPO_ROOT, waitFor } from "../support/gemsweep-cli.js";
import { garbageSpecArb, invalidSpecArb, namesPath, yamlAliasBomb, type InvalidSpec } from "./support/invalid-specs.js";
import { auditSweep, orchestratorFor, summaryLine, unique, WorkerPool } from "./support/reliability.js";

// Bad input through the CLI and a real worker, and secrets / SQL hygiene, on the shared services.
const tempDirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** The field paths the CLI printed: one `  <path>: <message>` line per issue (`(spec)` = the whole spec). */
function cliPaths(stderr: string): string[] {
  return [...stderr.matchAll(/^ {2}(\S+): /gm)].map((m) => (m[1] === "(spec)" ? "" : m[1]!));
}

async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

// The password must never reach a log line; the embedded PostgreSQL trusts local connections, so it works.
const PASSWORD = "pw-9f3kQ7zSecret";
const withPassword = (url: string) => {
  const u = new URL(url);
  u.password = PASSWORD;
  return u.toString();
};

describe("reliability: bad input through the CLI and the trainer", () => {
  it("`gemsweep submit -`: fuzzed invalid specs exit 2 naming the field; oversize and alias bombs exit 2; no crash", async () => {
    const queue = unique("cli-fuzz");
    const env = { GEMSWEEP_QUEUE: queue };
    const cases: { text: string; invalid: InvalidSpec }[] = fc
      .sample(fc.oneof({ weight: 4, arbitrary: invalidSpecArb }, { weight: 1, arbitrary: garbageSpecArb }), { numRuns: 22, seed: Date.now() % 2 ** 31 })
      .map((invalid) => ({ text: JSON.stringify(invalid.spec) ?? "null", invalid }));
    cases.push(
      { text: JSON.stringify({ name: "nan", benchmark: "fashion-mnist-mlp", activations: ["relu"], overrides: { lr: 1e6 } }), invalid: { spec: null, path: "overrides.lr", what: "lr 1e6" } },
      { text: `name: big\nbenchmark: sleep\nactivations: [gelu]\npad: "${"x".repeat(300 * 1024)}"\n`, invalid: { spec: null, path: "", what: "300 KiB spec" } },
      { text: yamlAliasBomb(), invalid: { spec: null, path: "", what: "YAML alias bomb" } },
    );
    const started = Date.now();
    const results = await inBatches(cases, 3, async ({ text, invalid }) => ({ invalid, result: await gemsweep(["submit", "-"], env, text) }));
    for (const { invalid, result } of results) {
      const detail = `${invalid.what}: ${JSON.stringify(invalid.spec).slice(0, 200)} -> exit ${result.code}\n${result.stderr.slice(0, 600)}`;
      expect(result.code, detail).toBe(2);
      expect(result.stderr, detail).not.toMatch(/\n\s+at |TypeError|ReferenceError|internal error/);
      expect(namesPath(cliPaths(result.stderr), invalid.path), detail).toBe(true);
    }
    expect(results.at(-2)!.result.stderr).toMatch(/more than the limit of 262144/);
    expect(results.at(-1)!.result.stderr).toMatch(/too many YAML aliases/);
    summaryLine("cli-bad-input", { load: 0, faults: 0, inputs: cases.length, lost: 0, duplicated: 0, exit2: results.filter((r) => r.result.code === 2).length, seconds: (Date.now() - started) / 1000 });
  });

  it("malformed and truncated IDX files: the reader names the file", async () => {
    const root = tempDir("gemsweep-bad-data-");
    const dir = path.join(root, "mnist");
    mkdirSync(dir, { recursive: true });
    const images = encodeIdx([10, 28, 28], Uint8Array.from({ length: 10 * 28 * 28 }, (_, i) => (i * 7919) % 251)); // incompressible enough that a cut gzip is cut
    const labels = encodeIdx([10], new Uint8Array(10));
    const file = (name: string) => path.join(dir, name);
    const corruptions: [string, () => void, RegExp][] = [
      ["payload truncated", () => writeFileSync(file("train-images-idx3-ubyte"), images.subarray(0, images.length - 100)), /train-images-idx3-ubyte is not a valid IDX file: truncated/],
      ["header truncated", () => writeFileSync(file("train-images-idx3-ubyte"), images.subarray(0, 9)), /train-images-idx3-ubyte is not a valid IDX file: header is truncated/],
      ["bad magic", () => writeFileSync(file("train-images-idx3-ubyte"), Uint8Array.from([1, 2, ...images.subarray(2)])), /train-images-idx3-ubyte is not a valid IDX file: bad magic/],
      ["empty file", () => writeFileSync(file("train-images-idx3-ubyte"), new Uint8Array(0)), /train-images-idx3-ubyte is not a valid IDX file: only 0 bytes/],
      ["gzip cut short", () => writeFileSync(file("train-images-idx3-ubyte.gz"), gzipSync(images).subarray(0, 200)), /train-images-idx3-ubyte\.gz/],
      ["labels out of range", () => (writeFileSync(file("train-images-idx3-ubyte"), images), writeFileSync(file("train-labels-idx1-ubyte"), encodeIdx([10], new Uint8Array(10).fill(12)))), /train-labels-idx1-ubyte: label 12/],
      ["label count mismatch", () => (writeFileSync(file("train-images-idx3-ubyte"), images), writeFileSync(file("train-labels-idx1-ubyte"), encodeIdx([9], new Uint8Array(9)))), /train-labels-idx1-ubyte has 9 labels but .*train-images-idx3-ubyte has 10/],
    ];
    for (const [what, corrupt, message] of corruptions) {
      for (const name of readdirSync(dir)) rmSync(file(name));
      writeFileSync(file("train-labels-idx1-ubyte"), labels);
      corrupt();
      const error = await loadIdxDataset("mnist", { dataDir: root, download: false, verify: false }).then(() => undefined, (e: unknown) => e);
      expect(error, what).toBeInstanceOf(DatasetError);
      expect((error as DatasetError).message, what).toMatch(message);
      expect((error as DatasetError).message, what).toContain(dir);
    }
    summaryLine("dataset-files", { load: 0, faults: corruptions.length, inputs: corruptions.length, lost: 0, duplicated: 0 });
  });

  it("through a real worker: a NaN-producing config ends DIVERGED and a truncated dataset FAILED naming the file, neither retried; no password in any log", async () => {
    const ctx = orchestratorFor(process.env.REDIS_URL!, process.env.DATABASE_URL!);
    const dataDir = tempDir("gemsweep-truncated-");
    mkdirSync(path.join(dataDir, "mnist"));
    const truncated = path.join(dataDir, "mnist", "train-images-idx3-ubyte");
    writeFileSync(truncated, encodeIdx([60000, 28, 28], new Uint8Array(1000)).subarray(0, 1016));
    const pool = new WorkerPool({ GEMSWEEP_QUEUE: ctx.queueName, GEMSWEEP_DATA_DIR: dataDir, GEMSWEEP_DOWNLOAD: "0", DATABASE_URL: withPassword(process.env.DATABASE_URL!) });
    closers.push(() => ctx.close(), () => pool.stopAll());
    const { prisma, orchestrator } = ctx;
    // lr 10 with plain SGD (the spec's largest lr) overflows the MLP within a few steps.
    const nanSpec = { name: "chaos-nan", benchmark: "fashion-mnist-mlp", seeds: [0], baseline: "relu", activations: ["relu"], overrides: { epochs: 2, lr: 10, optimizer: "sgd", trainLimit: 2000, testLimit: 500 } };
    const badDataSpec = { name: "chaos-bad-data", benchmark: "mnist-mlp", seeds: [0], baseline: "relu", activations: ["relu"], overrides: { epochs: 1, trainLimit: 100, testLimit: 100 } };
    const nan = await orchestrator.submit(nanSpec);
    const bad = await orchestrator.submit(badDataSpec);
    await pool.start(unique("abuse"));
    for (const id of [nan.id, bad.id]) await waitFor(async () => (await orchestrator.sweeps.getSweep(id)).status === "COMPLETED", 150_000, `sweep ${id} to end\n${pool.output()}`);

    const [diverged] = await prisma.trial.findMany({ where: { sweepId: nan.id }, include: { attempts: true } });
    const [failed] = await prisma.trial.findMany({ where: { sweepId: bad.id }, include: { attempts: true } });
    expect(diverged!.status).toBe("DIVERGED");
    expect(diverged!.error).toMatch(/NaN|non-finite/);
    expect(diverged!.attempts.map((a) => a.status)).toEqual(["DIVERGED"]);
    expect(failed!.status).toBe("FAILED");
    expect(failed!.error).toContain(truncated);
    expect(failed!.attempts.map((a) => a.status)).toEqual(["FAILED"]);
    const nanAudit = await auditSweep(prisma, nan.id, nanSpec, "DIVERGED");
    const badAudit = await auditSweep(prisma, bad.id, badDataSpec, "FAILED");
    expect([...nanAudit.problems, ...badAudit.problems]).toEqual([]);
    await pool.stopAll();
    expect(pool.output()).not.toContain(PASSWORD);
    summaryLine("worker-bad-config", { load: 2, faults: 2, inputs: 2, lost: nanAudit.lost + badAudit.lost, duplicated: nanAudit.duplicated + badAudit.duplicated, retries: diverged!.attempts.length + failed!.attempts.length - 2 });
  });
});

describe("reliability: secrets and SQL hygiene", () => {
  // a stale dashboard build (any source change) takes minutes on a loaded machine: not inside a test's own timeout
  beforeAll(() => ensureBuild(), 15 * 60_000);
  it("no password in `services status` or in the error of a worker that cannot reach its database", async () => {
    const url = withPassword(process.env.DATABASE_URL!);
    const status = await gemsweep(["services", "status"], { DATABASE_URL: url });
    const statusJson = await gemsweep(["services", "status", "--json"], { DATABASE_URL: url });
    const unreachable = withPassword("postgresql://gemsweep@127.0.0.1:1/gemsweep");
    const dead = await gemsweep(["worker", "--backend", "cpu"], { DATABASE_URL: unreachable, GEMSWEEP_QUEUE: unique("nowhere") });
    const deadRedis = await gemsweep(["submit", "-"], { REDIS_URL: "redis://:pw-9f3kQ7zSecret@127.0.0.1:1", DATABASE_URL: unreachable }, "name: x\nbenchmark: sleep\nactivations: [gelu]\n");
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("***");
    expect(dead.code).toBe(1);
    expect(deadRedis.code).not.toBe(0);
    for (const run of [status, statusJson, dead, deadRedis]) expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    summaryLine("secrets-in-logs", { load: 0, faults: 2, inputs: 4, lost: 0, duplicated: 0, leaks: 0 });
  });

  it("no API token in the server's log, the audit trail, token list or audit output: a token appears once, where it is created", async () => {
    // a database of its own: a token row turns API auth on for every server on that database
    const db = await createAuthDatabase();
    closers.push(db.drop);
    const env = { DATABASE_URL: withPassword(db.url), GEMSWEEP_QUEUE: unique("tokens") };
    const created = await gemsweep(["token", "create", "--name", "ops", "--scope", "admin"], env);
    expect(created.code, created.stderr).toBe(0);
    const ops = created.stdout.trim();
    expect(ops).toMatch(/^gsw_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/); // stdout is the token, once
    expect(created.stderr).not.toContain(ops);
    expect(created.stderr).toContain("shown only now");

    const BOOTSTRAP = `bootstrap-${unique("secret")}`;
    const dash = await startTestDashboard({ token: BOOTSTRAP, databaseUrl: db.url });
    closers.push(dash.stop);
    const call = (method: string, route: string, token: string, body?: object) =>
      send(`${dash.url}${route}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const viaApi = await call("POST", "/api/tokens", ops, { name: "ci", scope: "write" });
    expect(viaApi.status).toBe(201);
    const ci = viaApi.json<{ token: string }>().token;
    const sweep = await call("POST", "/api/sweeps", ci, { name: "leak-probe", benchmark: "sleep", seeds: [0], baseline: "relu", activations: ["relu"] });
    expect(sweep.status).toBe(201);
    const wrong = `${ops.slice(0, -6)}XXXXXX`; // a near miss: refused, and logged without itself
    expect((await call("GET", "/api/sweeps", wrong)).status).toBe(401);
    expect((await call("POST", `/api/sweeps/${sweep.json<{ id: string }>().id}/cancel`, BOOTSTRAP)).status).toBe(200);
    const revoked = await gemsweep(["token", "revoke", "ci"], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await call("GET", "/api/sweeps", ci)).status).toBe(401);
    const list = await gemsweep(["token", "list", "--json"], env);
    const audit = await gemsweep(["audit", "--json"], env);
    expect(audit.code, audit.stderr).toBe(0);
    expect((JSON.parse(audit.stdout) as { events: { action: string }[] }).events.map((e) => e.action)).toEqual(["token.revoke", "sweep.cancel", "sweep.launch", "token.create", "token.create"]);
    const trail = JSON.stringify(await db.storage.auditTrail({ limit: 500, offset: 0 }));

    const secrets = [ops, ci, wrong, BOOTSTRAP, PASSWORD];
    const outputs = { "server log": dash.log(), "token list": list.stdout + list.stderr, audit: audit.stdout + audit.stderr, "audit rows": trail, "revoke output": revoked.stdout + revoked.stderr };
    let leaks = 0;
    for (const [where, text] of Object.entries(outputs))
      for (const secret of secrets) {
        const tail = secret.slice(-16); // any recognisable piece of it
        if (text.includes(tail)) leaks += 1;
        expect(text, `${where} holds a secret`).not.toContain(tail);
      }
    expect(dash.log()).toContain("[gemsweep auth] refused a bearer token from 127.0.0.1");
    summaryLine("secrets-in-logs-tokens", { load: 1, faults: 1, inputs: secrets.length, lost: 0, duplicated: 0, leaks });
  });

  it("CSV cells starting with = + - @ TAB CR are neutralized by the writer; numbers keep their sign", () => {
    const hostile = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+2", "-2+3", "@SUM(A1:A9)", "\tcmd", "\r=1", "=cmd|' /C calc'!A0", "plain", "a=b"];
    const csv = toCsv(["label", "delta"], hostile.map((label, i) => [label, -(i + 1) / 10]));
    const lines = csv.trimEnd().split("\r\n");
    const cells = lines.slice(1).map((line) => line.split(/,(?=[^,]*$)/));
    for (const [i, label] of hostile.entries()) {
      expect(csvSafeText(label).startsWith("'") || !/^[=+\-@\t\r]/.test(label)).toBe(true);
      const written = cells[i]![0]!.replace(/^"|"$/g, "");
      expect(written, label).not.toMatch(/^[=+\-@\t\r]/);
      expect(Number(cells[i]![1])).toBe(-(i + 1) / 10); // a number column keeps its minus sign
    }
    summaryLine("csv-writer", { load: 0, faults: 0, inputs: hostile.length, lost: 0, duplicated: 0 });
  });

  it("packages/db and apps/dashboard never build SQL from strings ($queryRawUnsafe / $executeRawUnsafe / string-built pg queries)", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(name)) {
          const text = readFileSync(full, "utf8");
          if (/\$(queryRawUnsafe|executeRawUnsafe)\b|Prisma\.raw\(/.test(text)) offenders.push(`${full}: *Unsafe / Prisma.raw`);
          if (/\.query\(\s*`[^`]*\$\{/.test(text)) offenders.push(`${full}: interpolated pg query`);
        }
      }
    };
    const roots = ["packages/db/src", "apps/dashboard/src"].map((d) => path.join(REPO_ROOT, d));
    for (const root of roots) walk(root);
    expect(offenders).toEqual([]);
    summaryLine("sql-hygiene", { load: 0, faults: 0, inputs: roots.length, lost: 0, duplicated: 0, offenders: offenders.length });
  });
});
