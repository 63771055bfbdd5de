// `npm run bench:orchestrator -- --trials 1000 --workers 2 [--concurrency 64]`
// No-op trials (the `sleep` benchmark, sleepMs 0, 1 epoch) through the real queue (Redis +
// BullMQ), the real store (PostgreSQL) and real worker processes, durably: every trial gets its
// attempt, epoch row and result written. Prints a table and a final JSON line:
// {"trials","workers","seconds","trials_per_s","dispatch_p50_ms","dispatch_p95_ms"}.
// Throughput: one sweep of T trials, submission to the last trial's result.
// Dispatch latency: single-trial sweeps submitted into idle workers, submit -> attempt started.
// --profile DIR writes the workers' CPU profiles (open them in Chrome DevTools).
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  createPrismaClient,
  migrateDatabase,
  Orchestrator,
  sqlPoolOf,
  TrialQueue,
} from "@gemsweep/db";
import { LocalServices } from "@gemsweep/services";

const { values } = parseArgs({
  options: {
    trials: { type: "string", default: "1000" },
    workers: { type: "string", default: "2" },
    concurrency: { type: "string", default: "64" },
    probes: { type: "string", default: "50" },
    /** write V8 CPU profiles of the worker processes into this folder */
    profile: { type: "string" },
  },
});
const trials = Number(values.trials);
const workerCount = Number(values.workers);
const concurrency = Number(values.concurrency);
const probes = Number(values.probes);

const services = new LocalServices();
const urls = await services.up();
// A database of its own, so the figures are not skewed by (or pollute) earlier sweeps.
const database = `gemsweep_bench_${Date.now()}`;
let databaseUrl = urls.databaseUrl;
if (!process.env.DATABASE_URL) {
  await services.postgres.ensureDatabase(database);
  databaseUrl = services.postgres.urlFor(database);
}
await migrateDatabase(databaseUrl);
const queueName = `bench-${randomUUID()}`;
const prisma = createPrismaClient(databaseUrl);
const queue = new TrialQueue(urls.redisUrl, queueName);
const orchestrator = new Orchestrator(prisma, queue);

const bin = path.resolve(import.meta.dirname, "../apps/cli/bin/gemsweep.js");
const children: ChildProcess[] = [];
await Promise.all(
  Array.from({ length: workerCount }, (_, i) => {
    const profile = values.profile ? ["--cpu-prof", `--cpu-prof-dir=${values.profile}`] : [];
    const child = spawn(
      process.execPath,
      [...profile, bin, "worker", "--backend", "cpu", "--concurrency", String(concurrency)],
      {
        env: {
          ...process.env,
          REDIS_URL: urls.redisUrl,
          DATABASE_URL: databaseUrl,
          GEMSWEEP_QUEUE: queueName,
          GEMSWEEP_WORKER_ID: `bench-${i + 1}`,
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    children.push(child);
    return new Promise<void>((resolve) =>
      child.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()),
    );
  }),
);

// Never leave workers behind: on any error, kill them and exit non-zero.
process.on("exit", () => children.forEach((c) => c.kill("SIGKILL")));
process.on("unhandledRejection", (error) => {
  console.error(error);
  process.exit(1);
});

// The bench's own polling stays light (one index probe), so it takes little CPU from the system it measures.
async function waitCompleted(sweepId: string): Promise<void> {
  for (;;) {
    const { rows } = await sqlPoolOf(prisma).query<{ open: boolean }>(
      "SELECT gemsweep_sweep_has_open_trials($1::uuid) AS open",
      [sweepId],
    );
    if (!rows[0]?.open) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

// A spec allows at most 1000 seeds: spread the trials over enough e-gem eps values (+ gelu).
const configs = Math.ceil(trials / 1000);
const seeds = Array.from({ length: Math.ceil(trials / configs) }, (_, i) => i);
const activations = [
  "gelu",
  ...(configs > 1
    ? [{ name: "e-gem", eps: Array.from({ length: configs - 1 }, (_, i) => 0.01 * (i + 1)) }]
    : []),
];
const t0 = performance.now();
const { id, trials: submitted } = await orchestrator.submit({
  name: "bench",
  benchmark: "sleep",
  seeds,
  activations,
  overrides: { epochs: 1, sleepMs: 0 },
});
const submitSeconds = (performance.now() - t0) / 1000; // sweep + trials stored, jobs enqueued
await waitCompleted(id);
const seconds = (performance.now() - t0) / 1000;
const completed = await prisma.trial.count({ where: { sweepId: id, status: "COMPLETED" } });
const epochRows = await prisma.epochMetric.count({ where: { trial: { sweepId: id } } });

const latencies: number[] = [];
for (let i = 0; i < probes; i++) {
  const submitted = Date.now();
  const probe = await orchestrator.submit({
    name: `probe-${i}`,
    benchmark: "sleep",
    seeds: [0],
    activations: ["gelu"],
    overrides: { epochs: 1, sleepMs: 0 },
  });
  let started: Date | undefined;
  while (!started) {
    started = (
      await prisma.attempt.findFirst({
        where: { trial: { sweepId: probe.id } },
        select: { startedAt: true },
      })
    )?.startedAt;
    if (!started) await new Promise((r) => setTimeout(r, 2));
  }
  latencies.push(started.getTime() - submitted);
  await waitCompleted(probe.id);
}
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;

for (const child of children) child.kill("SIGTERM");
await Promise.all(children.map((c) => new Promise((r) => c.once("exit", r))));
await queue.queue.obliterate({ force: true });
await queue.close();
await prisma.$disconnect();
if (!process.env.DATABASE_URL) await services.postgres.dropDatabase(database);

const result = {
  trials: submitted,
  workers: workerCount,
  concurrency,
  seconds: Number(seconds.toFixed(3)),
  trials_per_s: Number((submitted / seconds).toFixed(1)),
  submit_seconds: Number(submitSeconds.toFixed(3)),
  completed,
  epoch_rows: epochRows,
  dispatch_p50_ms: pct(50),
  dispatch_p95_ms: pct(95),
};
console.log(
  `submit (store the sweep and ${submitted} trials, enqueue them): ${result.submit_seconds} s, included below`,
);
console.log(
  `trials ${submitted} on ${workerCount} workers x concurrency ${concurrency}: ${result.seconds} s, ${result.trials_per_s} trials/s (${completed} completed, ${epochRows} epoch rows)`,
);
console.log(
  `dispatch latency over ${probes} probes (submit -> attempt started): p50 ${result.dispatch_p50_ms} ms, p95 ${result.dispatch_p95_ms} ms`,
);
console.log(JSON.stringify(result));
