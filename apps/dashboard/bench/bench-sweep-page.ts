// Benchmark: the sweep page's data requests at 10k trials (target: each under 500 ms).
// Seeds a sweep of 10,000 trials (4 benchmarks x 50 configs x 50 seeds, 5 epochs each = 50k
// epoch rows) straight into Postgres, starts the production dashboard, and times the requests
// the sweep page makes when it loads. Prints a table, then one JSON line.
//
//   npx tsx apps/dashboard/bench/bench-sweep-page.ts [--runs 15]
//
// Uses REDIS_URL / DATABASE_URL when set (the seeded sweep is deleted afterwards), else the
// embedded services with a throwaway database.
import { parseSpec, planSweep } from "@gemsweep/core";
import { createPrismaClient, migrateDatabase, SweepStore } from "@gemsweep/db";
import { LocalServices } from "@gemsweep/services";
import { ensureBuild } from "../tools/ensure-build.js";
import { startDashboard } from "../tools/start-dashboard.js";

const TARGET_MS = 500;
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;

const SPEC = {
  name: "bench-10k",
  benchmark: ["fashion-mnist-mlp", "mnist-mlp", "fashion-mnist-cnn", "lm-tiny"],
  seeds: 50,
  baseline: "gelu",
  activations: [
    "relu",
    "gelu",
    "gelu-tanh",
    "swish",
    "mish",
    "elu",
    "leaky-relu",
    { name: "gem", N: [1, 2, 3, 4, 5, 6, 7] },
    { name: "e-gem", N: [1, 2, 3, 4], eps: [1e-4, 1e-3, 1e-2, 1e-1, 1] },
    { name: "se-gem", N: [1, 2, 3, 4], eps: [1e-4, 1e-2, 1, 10] },
  ],
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function timed(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return performance.now() - started;
}

const services = new LocalServices();
const external = Boolean(process.env.DATABASE_URL);
const urls = await services.up();
let databaseUrl = urls.databaseUrl;
const benchDb = `gemsweep_bench_${process.pid}`;
if (!external) {
  await services.postgres.ensureDatabase(benchDb);
  databaseUrl = services.postgres.urlFor(benchDb);
}
await migrateDatabase(databaseUrl);
const prisma = createPrismaClient(databaseUrl, { max: 4 });

console.error("seeding 10k trials…");
const seedStart = performance.now();
const spec = parseSpec(SPEC);
const { plan, trials: planned } = planSweep(spec);
const { sweepId } = await new SweepStore(prisma).createSweep(plan, SPEC, planned);
// Results as workers would leave them: most completed with a config-dependent metric, a few
// failed, running or queued; five epochs each.
await prisma.$executeRaw`
  UPDATE "Trial" SET
    status = (CASE WHEN seed = 49 THEN 'QUEUED' WHEN seed = 48 THEN 'RUNNING' WHEN seed = 47 THEN 'FAILED' ELSE 'COMPLETED' END)::"TrialStatus",
    "finalMetric" = CASE WHEN seed >= 47 THEN NULL WHEN benchmark = 'lm-tiny' THEN 40 + (abs(hashtext("configKey")) % 100) / 10.0 + random()
                         ELSE 0.85 + (abs(hashtext("configKey")) % 100) / 1000.0 + random() * 0.01 END,
    "epochsDone" = CASE WHEN seed >= 48 THEN 0 ELSE 5 END
  WHERE "sweepId" = ${sweepId}::uuid`;
await prisma.$executeRaw`UPDATE "Trial" SET "bestMetric" = "finalMetric", "finalLoss" = 0.3 WHERE "sweepId" = ${sweepId}::uuid`;
await prisma.$executeRaw`
  INSERT INTO "EpochMetric" (id, "trialId", epoch, loss, metric, "trainLoss", "samplesPerSec", health)
  SELECT gen_random_uuid(), t.id, e, 1.0 / e, coalesce(t."finalMetric", 0.5) * (0.8 + 0.04 * e), 1.1 / e, 5000,
         '[{"site":"dense1","units":256,"deadUnits":3,"deadFraction":0.0117}]'::jsonb
  FROM "Trial" t CROSS JOIN generate_series(1, 5) AS e
  WHERE t."sweepId" = ${sweepId}::uuid AND t."epochsDone" > 0`;
await prisma.$executeRaw`ANALYZE "Trial"`;
await prisma.$executeRaw`ANALYZE "EpochMetric"`;
const trials = await prisma.trial.count({ where: { sweepId } });
const epochs = await prisma.epochMetric.count({ where: { trial: { sweepId } } });
const seedMs = performance.now() - seedStart;
console.error(`seeded ${trials} trials, ${epochs} epochs in ${(seedMs / 1000).toFixed(1)} s; building/starting the dashboard…`);

await ensureBuild();
const dash = await startDashboard({ REDIS_URL: urls.redisUrl, DATABASE_URL: databaseUrl, GEMSWEEP_QUEUE: `bench-${process.pid}`, GEMSWEEP_API_TOKEN: "" });
const base = `${dash.url}/api/sweeps/${sweepId}`;
// What the sweep page requests when it loads (in parallel), plus the heavier variants.
const PAGE_REQUESTS = {
  summary: base,
  table: `${base}/table?format=json&metric=final`,
  curves: `${base}/curves`,
  trials: `${base}/trials?limit=50&offset=0`,
};
const EXTRA_REQUESTS = {
  trials_last_page: `${base}/trials?limit=50&offset=9950`,
  table_csv: `${base}/table?format=csv&metric=final`,
  table_pivot: `${base}/table?format=json&pivot=eps:e-gem&where=N=1`,
};

const samples: Record<string, number[]> = {};
const all = { ...PAGE_REQUESTS, ...EXTRA_REQUESTS };
try {
  for (let run = -2; run < RUNS; run++) {
    // The page load: its requests at once, as the browser sends them.
    const started = performance.now();
    const parallel = await Promise.all(Object.values(PAGE_REQUESTS).map(timed));
    const pageMs = performance.now() - started;
    const sequential: number[] = [];
    for (const url of Object.values(all)) sequential.push(await timed(url));
    if (run < 0) continue; // warm-up
    (samples.page_load_parallel ??= []).push(pageMs);
    Object.keys(PAGE_REQUESTS).forEach((k, i) => (samples[`${k}_in_page`] ??= []).push(parallel[i]!));
    Object.keys(all).forEach((k, i) => (samples[k] ??= []).push(sequential[i]!));
  }
} finally {
  await dash.stop();
  if (external) await prisma.sweep.delete({ where: { id: sweepId } });
  await prisma.$disconnect();
  if (!external) await services.postgres.dropDatabase(benchDb);
}

const result: Record<string, { p50: number; p95: number }> = {};
console.log(`\n${trials} trials, ${epochs} epoch rows, ${RUNS} runs (ms)\n${"request".padEnd(24)}${"p50".padStart(8)}${"p95".padStart(8)}`);
for (const [name, values] of Object.entries(samples)) {
  const sorted = [...values].sort((a, b) => a - b);
  result[name] = { p50: Math.round(percentile(sorted, 0.5)), p95: Math.round(percentile(sorted, 0.95)) };
  console.log(`${name.padEnd(24)}${String(result[name].p50).padStart(8)}${String(result[name].p95).padStart(8)}`);
}
const slowestP50 = Math.max(...Object.keys(PAGE_REQUESTS).map((k) => result[k]!.p50));
console.log(
  JSON.stringify({
    trials,
    epochs,
    runs: RUNS,
    target_ms: TARGET_MS,
    page_load_p50_ms: result.page_load_parallel!.p50,
    slowest_request_p50_ms: slowestP50,
    within_target: result.page_load_parallel!.p50 < TARGET_MS,
    requests_ms: result,
  }),
);
process.exit(0);
