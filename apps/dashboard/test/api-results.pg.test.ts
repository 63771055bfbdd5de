import { createPrismaClient, type PrismaClient } from "@gemsweep/db";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as z from "zod";
import { trialDetailSchema } from "../src/server/api-schemas.js";
import { seedResults } from "./support/seed-results.js";
import { send, startTestDashboard, START_TIMEOUT_MS, type ErrorBody, type TestDashboard } from "./support/test-dashboard.js";

// Results through the API: tables in every format (with downloads), pivots, curves, trial
// detail, workers and drain, health, Prometheus metrics, OpenAPI. Results are written by the
// real stores the worker uses.

let dash: TestDashboard;
let prisma: PrismaClient;
let sweepId: string;
const workerId = `api-results-worker-${process.pid}`;

// gem N=2 is clearly best, gem N=1 slightly above relu; seeds add small paired noise.
const metricOf = (t: { activation: string; n: number | null; seed: number }, epoch: number) =>
  (t.activation === "relu" ? 0.8 : t.n === 1 ? 0.82 : 0.9) - 0.1 / epoch + 0.001 * t.seed;

beforeAll(async () => {
  dash = await startTestDashboard();
  prisma = createPrismaClient(process.env.DATABASE_URL!, { max: 2 });
  const spec = {
    name: "results, \"quoted\"",
    benchmark: "fashion-mnist-mlp",
    seeds: [0, 1, 2],
    baseline: "relu",
    activations: ["relu", { name: "gem", N: [1, 2] }],
  };
  const created = await send(`${dash.url}/api/sweeps`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(spec) });
  sweepId = created.json<{ id: string }>().id;
  await seedResults(prisma, sweepId, { workerId, epochs: 2, metricOf });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await prisma?.$disconnect();
  await dash?.stop();
});

type Table = { rows: { key: string; label: string; isBaseline: boolean; cells: { n: number; mean: number; best: boolean; mark: string; delta: number | null }[] }[]; value: string };

describe("GET /api/sweeps/:id/table", () => {
  it("json: rows per config, mean over 3 seeds, the best cell marked", async () => {
    const res = await send(`${dash.url}/api/sweeps/${sweepId}/table`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const table = res.json<Table>();
    expect(table.rows.map((r) => r.key)).toEqual(["relu", "gem|N=1", "gem|N=2"]);
    expect(table.rows[0]!.isBaseline).toBe(true);
    const gem2 = table.rows[2]!.cells[0]!;
    expect(gem2.n).toBe(3);
    expect(gem2.mean).toBeCloseTo(0.9 - 0.05 + 0.001, 9);
    expect(gem2.best).toBe(true);
    expect(gem2.delta).toBeCloseTo(0.1, 9);
    expect(table.rows[0]!.cells[0]!.best).toBe(false);
  });

  it("csv: a download whose rows parse back", async () => {
    const res = await send(`${dash.url}/api/sweeps/${sweepId}/table?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="results-quoted-table.csv"');
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.row)).toEqual(["relu", "gem|N=1", "gem|N=2"]);
    expect(rows[2]!.best).toBe("true");
    expect(Number(rows[2]!.n)).toBe(3);
  });

  it("md and tex: the same table as text downloads", async () => {
    const md = await send(`${dash.url}/api/sweeps/${sweepId}/table?format=md`);
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(md.text).toMatch(/^\| Activation/m);
    expect(md.text).toContain("**"); // best cell in bold
    const tex = await send(`${dash.url}/api/sweeps/${sweepId}/table?format=tex`);
    expect(tex.status).toBe(200);
    expect(tex.headers.get("content-disposition")).toMatch(/\.tex"$/);
    expect(tex.text).toContain("\\begin{tabular}");
    expect(tex.text).toContain("\\textbf");
  });

  it("metric=best and pivot=N:gem change the table", async () => {
    const best = (await send(`${dash.url}/api/sweeps/${sweepId}/table?metric=best`)).json<Table>();
    expect(best.value).toBe("best");
    const pivot = (await send(`${dash.url}/api/sweeps/${sweepId}/table?pivot=N:gem`)).json<Table>();
    expect(pivot.rows.map((r) => r.key)).toEqual(["relu", "N=1", "N=2"]);
  });

  it("style=paper: accuracy in %, the gap to the baseline in points, dead and near-dead % per row, in every format", async () => {
    // relu 0.751 -> 75.10, gem N=2 0.851 -> 85.10, gap +10.00 points; seed-results records relu
    // 2 dead / 3 near-dead of 16 units (12.50 / 18.75 %), gem none dead and 1 near-dead (6.25 %)
    const md = await send(`${dash.url}/api/sweeps/${sweepId}/table?format=md&style=paper`);
    expect(md.status).toBe(200);
    expect(md.headers.get("content-disposition")).toBe('attachment; filename="results-quoted-table-paper.md"');
    const lines = md.text.split("\n");
    expect(lines[0]).toBe("| Activation | Fashion-MNIST, MLP (acc. % ↑) | gap to ReLU (points) | dead % | near-dead % |");
    expect(lines[2]).toBe("| ReLU (baseline) | 75.10 ± 0.10 | – | 12.50 | 18.75 |");
    expect(lines[4]!.startsWith("| GEM (N=2) | **85.10 ± 0.10** | +10.00")).toBe(true);
    expect(lines[4]!.endsWith(" | 0.00 | 6.25 |")).toBe(true);
    const csv = parse((await send(`${dash.url}/api/sweeps/${sweepId}/table?format=csv&style=paper`)).text, { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => [r.row, r.mean_paper, r.gap_points, r.dead_fraction, r.near_dead_fraction])).toEqual([
      ["relu", "75.1", "", "0.125", "0.1875"],
      ["gem|N=1", "77.1", "2", "0", "0.0625"],
      ["gem|N=2", "85.1", "10", "0", "0.0625"],
    ]);
    const tex = await send(`${dash.url}/api/sweeps/${sweepId}/table?format=tex&style=paper`);
    expect(tex.text).toContain("ReLU (baseline) & 75.10 $\\pm$ 0.10 & -- & 12.50 & 18.75 \\\\");
    const json = (await send(`${dash.url}/api/sweeps/${sweepId}/table?style=paper&pivot=N:gem`)).json<{ style: string; paper: { rows: { label: string; cells: { text: string; gap: number | null }[] }[] } }>();
    expect(json.style).toBe("paper");
    expect(json.paper.rows.map((r) => [r.label, r.cells[0]!.text, r.cells[0]!.gap])).toEqual([
      ["ReLU", "75.10 ± 0.10", null],
      ["GEM N=1", "77.10 ± 0.10", 2],
      ["GEM N=2", "85.10 ± 0.10", 10],
    ]);
  });

  it("400 naming the parameter for a bad format, metric, style or pivot", async () => {
    for (const [query, path] of [
      ["format=xlsx", "format"],
      ["style=fancy", "style"],
      ["metric=median", "metric"],
      ["pivot=gem", "pivot"],
      ["pivot=N:softmax", "pivot"],
      ["where=N", "where"],
    ] as const) {
      const res = await send(`${dash.url}/api/sweeps/${sweepId}/table?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json<ErrorBody>().errors.map((e) => e.path), query).toContain(path);
    }
  });
});

describe("curves and trials", () => {
  it("curves: mean and std over seeds per epoch, per config", async () => {
    const res = await send(`${dash.url}/api/sweeps/${sweepId}/curves`);
    expect(res.status).toBe(200);
    const { curves } = res.json<{ curves: { activationKey: string; label: string; points: { epoch: number; mean: number; std: number; n: number }[] }[] }>();
    expect(curves).toHaveLength(3);
    const relu = curves.find((c) => c.activationKey === "relu")!;
    expect(relu.points.map((p) => p.epoch)).toEqual([1, 2]);
    expect(relu.points[0]!.n).toBe(3);
    // the default split is test: seed-results records testMetric = valMetric - 0.01
    expect(relu.points[0]!.mean).toBeCloseTo(0.8 - 0.1 + 0.001 - 0.01, 9);
    expect(relu.points[0]!.std).toBeCloseTo(0.001, 9);
    const val = (await send(`${dash.url}/api/sweeps/${sweepId}/curves?split=val`)).json<{ split: string; curves: { activationKey: string; points: { mean: number }[] }[] }>();
    expect(val.split).toBe("val");
    expect(val.curves.find((c) => c.activationKey === "relu")!.points[0]!.mean).toBeCloseTo(0.8 - 0.1 + 0.001, 9);
  });

  it("trial detail: config, attempts, the best epoch, where validation comes from, and per epoch the validation and test numbers, the rate and layer health", async () => {
    const page = (await send(`${dash.url}/api/sweeps/${sweepId}/trials?status=COMPLETED&limit=1`)).json<{ trials: { id: string; attempts: number }[]; total: number }>();
    expect(page.total).toBe(9);
    expect(page.trials[0]!.attempts).toBe(1);
    const body = (await send(`${dash.url}/api/trials/${page.trials[0]!.id}`)).json<unknown>();
    // the response is what the OpenAPI document says it is
    const trial = trialDetailSchema.parse(body) as z.output<typeof trialDetailSchema> & {
      config: { hyper: { epochs: number } };
      epochs: { health: { site: string; deadFraction: number }[] }[];
    };
    expect(trial.config.hyper.epochs).toBeGreaterThan(0);
    expect(trial.validation).toBe("10% of the training split, held out");
    expect(trial.bestEpoch).toBe(2);
    expect(trial.epochs.map((e) => [e.metric === e.valMetric, e.testMetric !== null, e.lr])).toEqual([
      [true, true, 1e-3],
      [true, true, 1e-3],
    ]);
    expect(Object.keys((body as { epochs: object[] }).epochs[0]!)).toEqual(expect.arrayContaining(["valMetric", "valLoss", "testMetric", "testLoss", "lr"]));
    expect(trial.attempts).toMatchObject([{ number: 1, workerId, status: "COMPLETED" }]);
    expect(trial.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(trial.epochs[1]!.health.map((h) => h.site)).toEqual(["dense1", "dense2"]);
    // the overall dead and near-dead fractions the worker recorded, as columns of the epoch
    const relu = trial.activation === "relu";
    expect(trial.epochs.map((e) => [e.deadFraction, e.nearDeadFraction])).toEqual([
      [relu ? 2 / 16 : 0, relu ? 3 / 16 : 1 / 16],
      [relu ? 2 / 16 : 0, relu ? 3 / 16 : 1 / 16],
    ]);
  });
});

describe("workers, health, metrics, OpenAPI", () => {
  it("lists the live worker with its finished trials, and drains it", async () => {
    const list = (await send(`${dash.url}/api/workers`)).json<{ workers: { id: string; backend: string; alive: boolean; trialsDone: number; status: string }[] }>();
    const mine = list.workers.find((w) => w.id === workerId);
    expect(mine).toMatchObject({ backend: "cpu", alive: true, trialsDone: 9, status: "ACTIVE" });
    const drained = await send(`${dash.url}/api/workers/${workerId}/drain`, { method: "POST" });
    expect(drained.status).toBe(200);
    expect(drained.json()).toMatchObject({ id: workerId, status: "DRAINING" });
    const after = (await send(`${dash.url}/api/workers`)).json<{ workers: { id: string; status: string }[] }>();
    expect(after.workers.find((w) => w.id === workerId)?.status).toBe("DRAINING");
  });

  it("health: redis and postgres both up", async () => {
    const res = await send(`${dash.url}/api/health`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ status: "ok", redis: { ok: true }, postgres: { ok: true } });
  });

  it("metrics: Prometheus text with trials by status, queue depth, workers alive", async () => {
    const res = await send(`${dash.url}/api/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const completed = /^gemsweep_trials\{status="COMPLETED"\} (\d+)$/m.exec(res.text);
    expect(Number(completed?.[1])).toBeGreaterThanOrEqual(9);
    expect(res.text).toMatch(/^gemsweep_queue_jobs\{state="waiting"\} \d+$/m);
    expect(res.text).toMatch(/^gemsweep_workers_alive\{backend="[^"]+"\} \d+$/m);
  });

  it("openapi.json: every route, the spec schema from zod", async () => {
    const doc = (await send(`${dash.url}/api/openapi.json`)).json<{ openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: { SweepSpec: { properties: Record<string, unknown>; required?: string[] } } } }>();
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/api/sweeps",
      "/api/sweeps/{id}",
      "/api/sweeps/{id}/trials",
      "/api/sweeps/{id}/table",
      "/api/trials/{id}",
      "/api/sweeps/{id}/cancel",
      "/api/workers",
      "/api/health",
      "/api/openapi.json",
      "/api/metrics",
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(Object.keys(doc.paths["/api/sweeps"]!)).toEqual(expect.arrayContaining(["get", "post"]));
    expect(Object.keys(doc.components.schemas.SweepSpec.properties)).toEqual(expect.arrayContaining(["name", "benchmark", "activations", "seeds"]));
    const table = doc.paths["/api/sweeps/{id}/table"]!.get as { parameters: { name: string; schema: { enum?: string[] } }[] };
    expect(table.parameters.find((p) => p.name === "format")?.schema.enum).toEqual(["json", "csv", "md", "tex"]);
  });
});
