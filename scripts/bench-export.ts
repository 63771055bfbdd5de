// `npm run bench:export [-- --trials 1000 --epochs 1000 --formats csv,jsonl,parquet --api]`: how
// fast raw exports stream and how much memory the exporting process holds. In a database of its
// own on the embedded services it stores a sweep of `trials` sleep trials (through the stores,
// each with an attempt and its repro record) and seeds trials x epochs epoch rows with one SQL
// statement (default 1,000 x 1,000 = 1M rows), then runs the real binary
// (`gemsweep export ID --what epochs --format F --out FILE`, the bundle users run) once per
// format, sampling the process's peak resident memory (VmHWM) from /proc, and, with --api,
// downloads the same export from a production dashboard (its process tree's RSS sampled). A
// 1-trial sweep's export is measured first as the baseline. Prints each figure and a final JSON line.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseSpec, planSweep, RAW_EXPORT_FORMATS, type RawExportFormat } from "@gemsweep/core";
import { GemSweepStorage, migrateDatabase, sqlPoolOf, createPrismaClient } from "@gemsweep/db";
import { LocalServices } from "@gemsweep/services";
import { ensureCurrentCliBuild } from "../apps/cli/build/build-cli.js";

const { values } = parseArgs({
  options: {
    trials: { type: "string", default: "1000" },
    epochs: { type: "string", default: "1000" },
    formats: { type: "string", default: RAW_EXPORT_FORMATS.join(",") },
    api: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const trialCount = Number(values.trials);
const epochCount = Number(values.epochs);
const formats = values.formats.split(",") as RawExportFormat[];
for (const f of formats)
  if (!(RAW_EXPORT_FORMATS as readonly string[]).includes(f))
    throw new Error(`--formats: unknown ${f}`);
if (!Number.isInteger(trialCount) || trialCount < 10 || trialCount % 10 !== 0)
  throw new Error("--trials must be a multiple of 10");
if (!Number.isInteger(epochCount) || epochCount < 1)
  throw new Error("--epochs must be an integer >= 1");

const ROOT = path.resolve(import.meta.dirname, "..");
const rebuiltBecause = await ensureCurrentCliBuild();
if (rebuiltBecause) console.log(`built the CLI bundle first (${rebuiltBecause})`);
const BIN = path.join(ROOT, "apps/cli/bin/gemsweep.js");

const database = `gemsweep_bench_export_${Date.now()}`;
process.env.GEMSWEEP_PG_DATABASE = database;
const services = new LocalServices();
const { databaseUrl } = await services.up();
await services.postgres.ensureDatabase(database);
await migrateDatabase(databaseUrl);
const storage = GemSweepStorage.open(databaseUrl, { max: 2 });
const prisma = createPrismaClient(databaseUrl, { max: 1 });
const pool = sqlPoolOf(prisma);
const out = mkdtempSync(path.join(tmpdir(), "gemsweep-bench-export-"));

/** 10 activation configs x trials/10 seeds of the sleep benchmark, every trial with one attempt and a repro record. */
async function seedSweep(name: string, trials: number, epochs: number): Promise<string> {
  const spec = parseSpec({
    name,
    benchmark: "sleep",
    seeds: Array.from({ length: trials / 10 }, (_, i) => i),
    baseline: "gelu",
    activations: [
      "relu",
      "gelu",
      { name: "gem", N: [1, 2, 3, 4] },
      { name: "e-gem", N: 1, eps: [0.01, 0.1, 1, 10] },
    ],
    overrides: { epochs },
  });
  const { plan, trials: planned } = planSweep(spec);
  const { sweepId } = await storage.sweeps.createSweep(plan, spec, planned);
  await storage.workers.register({
    id: "bench-worker",
    host: "bench",
    pid: process.pid,
    backend: "cpu",
    device: "bench",
    concurrency: 1,
  });
  await pool.query(
    `INSERT INTO "Attempt" (id, "trialId", number, "workerId", status, "startedAt", "finishedAt", repro)
     SELECT gen_random_uuid(), t.id, 1, 'bench-worker', 'COMPLETED', timezone('UTC', now()), timezone('UTC', now()),
       jsonb_build_object('gitCommit', repeat('a', 40), 'gitDirty', false, 'gemsweepVersion', '0.1.0', 'tfjsVersion', '4.22.0',
         'nodeVersion', 'v20', 'lockfileSha256', repeat('b', 64), 'backend', 'cpu', 'device', 'bench', 'workerId', 'bench-worker',
         'dataset', null, 'config', t.config, 'recordedAt', now()::text)
     FROM "Trial" t WHERE t."sweepId" = $1`,
    [sweepId],
  );
  const started = performance.now();
  // the epoch rows: one statement
  const { rowCount } = await pool.query(
    `INSERT INTO "EpochMetric" (id, "trialId", "attemptId", epoch, loss, metric, "valMetric", "valLoss", "testMetric", "testLoss", lr, "trainLoss", "samplesPerSec", "epochSeconds", "gradNorm")
     SELECT gen_random_uuid(), t.id, a.id, e, 1.0 / e, 0.5 + random() / 2, 0.5 + random() / 2, random(), 0.5 + random() / 2, random(),
       0.001 * (1 - e::float8 / ($2 + 1)), 2.0 / e, 10000 + random() * 1000, random(), random()
     FROM "Trial" t JOIN "Attempt" a ON a."trialId" = t.id CROSS JOIN generate_series(1, $2) AS e
     WHERE t."sweepId" = $1`,
    [sweepId, epochs],
  );
  await pool.query(
    `UPDATE "Trial" SET status = 'COMPLETED', "epochsDone" = $2, "finalMetric" = 0.9 WHERE "sweepId" = $1`,
    [sweepId, epochs],
  );
  await pool.query(`ANALYZE "EpochMetric"`);
  console.log(
    `${name}: ${trials} trials, ${rowCount} epoch rows seeded in ${((performance.now() - started) / 1000).toFixed(1)} s (one INSERT … SELECT)`,
  );
  return sweepId;
}

/** Resident memory of a process, in MiB: its high-water mark (VmHWM) or now (VmRSS). */
function memoryMiB(pid: number, field: "VmHWM" | "VmRSS"): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : 0;
  } catch {
    return 0; // it has exited
  }
}

/** The pid and its descendants (from /proc's ppid fields). */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++)
    for (const [pid, ppid] of parents) if (ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
  return tree;
}

interface Measured {
  seconds: number;
  peakMiB: number;
  bytes: number;
}

/** The real binary exporting to a file; its VmHWM sampled every 50 ms (the last sample is its peak). */
function cliExport(id: string, format: RawExportFormat): Promise<Measured> {
  const file = path.join(out, `epochs.${format}`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [BIN, "export", id, "--what", "epochs", "--format", format, "--out", file],
      {
        cwd: ROOT,
        env: { ...process.env, GEMSWEEP_PG_DATABASE: database },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let peak = 0;
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setInterval(() => (peak = Math.max(peak, memoryMiB(child.pid!, "VmHWM"))), 50);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`gemsweep export exited ${code}: ${stderr}`));
      const bytes = statSync(file).size;
      rmSync(file);
      resolve({ seconds: (performance.now() - started) / 1000, peakMiB: peak, bytes });
    });
  });
}

const loadBefore = loadavg()[0]!;
const small = await seedSweep("bench-export-baseline", 10, epochCount);
const large = await seedSweep("bench-export", trialCount, epochCount);
const rows = trialCount * epochCount;
const results: Record<
  string,
  {
    rows: number;
    seconds: number;
    rows_per_s: number;
    mb_per_s: number;
    peak_rss_mib: number;
    file_mb: number;
    baseline_peak_rss_mib: number;
  }
> = {};
for (const format of formats) {
  const base = await cliExport(small, format);
  const run = await cliExport(large, format);
  results[`cli_${format}`] = {
    rows,
    seconds: Number(run.seconds.toFixed(2)),
    rows_per_s: Math.round(rows / run.seconds),
    mb_per_s: Number((run.bytes / 1e6 / run.seconds).toFixed(1)),
    peak_rss_mib: Math.round(run.peakMiB),
    file_mb: Number((run.bytes / 1e6).toFixed(1)),
    baseline_peak_rss_mib: Math.round(base.peakMiB),
  };
  console.log(
    `gemsweep export --what epochs --format ${format.padEnd(7)} ${rows} rows in ${run.seconds.toFixed(1)} s = ${Math.round(rows / run.seconds)} rows/s, ${(run.bytes / 1e6).toFixed(0)} MB (${(run.bytes / 1e6 / run.seconds).toFixed(1)} MB/s); peak RSS ${run.peakMiB.toFixed(0)} MiB (the same export of ${10 * epochCount} rows: ${base.peakMiB.toFixed(0)} MiB)`,
  );
}

if (values.api) {
  const { startDashboard } = await import("../apps/dashboard/tools/start-dashboard.js");
  const { ensureBuild } = await import("../apps/dashboard/tools/ensure-build.js");
  await ensureBuild();
  const dash = await startDashboard({
    REDIS_URL: (await services.up()).redisUrl,
    DATABASE_URL: databaseUrl,
    GEMSWEEP_QUEUE: `bench-export-${process.pid}`,
    GEMSWEEP_API_TOKEN: "",
  });
  try {
    const serverPid = dash.pid;
    for (const format of formats) {
      // the server's process tree (next start and anything it forked)
      const tree = processTree(serverPid);
      const rss = () => tree.reduce((sum, pid) => sum + memoryMiB(pid, "VmRSS"), 0);
      const before = rss();
      let peak = before;
      const timer = setInterval(() => (peak = Math.max(peak, rss())), 50);
      const started = performance.now();
      const response = await fetch(
        `${dash.url}/api/sweeps/${large}/export?what=epochs&format=${format}`,
      );
      let bytes = 0;
      const reader = response.body!.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read())
        bytes += read.value.byteLength;
      const seconds = (performance.now() - started) / 1000;
      clearInterval(timer);
      results[`api_${format}`] = {
        rows,
        seconds: Number(seconds.toFixed(2)),
        rows_per_s: Math.round(rows / seconds),
        mb_per_s: Number((bytes / 1e6 / seconds).toFixed(1)),
        peak_rss_mib: Math.round(peak),
        file_mb: Number((bytes / 1e6).toFixed(1)),
        baseline_peak_rss_mib: Math.round(before),
      };
      console.log(
        `GET /api/sweeps/:id/export?what=epochs&format=${format.padEnd(7)} ${rows} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds)} rows/s, ${(bytes / 1e6).toFixed(0)} MB; server RSS ${before.toFixed(0)} MiB before, ${peak.toFixed(0)} MiB at most during`,
      );
    }
  } finally {
    await dash.stop();
  }
}

const load = [loadBefore, loadavg()[0]!];
console.log(`1-minute load average: ${load[0]!.toFixed(2)} before, ${load[1]!.toFixed(2)} after`);
await storage.close();
await prisma.$disconnect();
rmSync(out, { recursive: true, force: true });
if (!values.keep) await services.postgres.dropDatabase(database);
console.log(
  JSON.stringify({
    trials: trialCount,
    epochs: epochCount,
    rows,
    results,
    load: load.map((l) => Number(l.toFixed(2))),
  }),
);
