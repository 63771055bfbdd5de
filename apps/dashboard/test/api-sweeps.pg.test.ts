import { TrialQueue } from "@gemsweep/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send, startTestDashboard, START_TIMEOUT_MS, type ErrorBody, type TestDashboard } from "./support/test-dashboard.js";

// The sweeps API of the production server against the real Redis + Postgres: create from JSON
// and YAML, validation errors naming the field, size cap, list/detail/trials, cancel/resume, 404s.

let dash: TestDashboard;
let queue: TrialQueue;

const SPEC = {
  name: "api-json",
  benchmark: "fashion-mnist-mlp",
  seeds: [0, 1],
  baseline: "relu",
  activations: ["relu", { name: "gem", N: [1, 2] }],
  overrides: { epochs: 1, trainLimit: 64, testLimit: 64 },
};
const YAML = `name: api-yaml
benchmark: [fashion-mnist-mlp, mnist-mlp]
seeds: 2
baseline: gelu
activations:
  - gelu
  - { name: e-gem, N: 1, eps: [0.01, 1] }
`;

beforeAll(async () => {
  dash = await startTestDashboard();
  queue = new TrialQueue(process.env.REDIS_URL!, dash.queue);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await queue?.close();
  await dash?.stop();
});

const post = (path: string, body: string, type = "application/json") => send(`${dash.url}${path}`, { method: "POST", headers: { "content-type": type }, body });

describe("POST /api/sweeps", () => {
  it("creates a sweep from JSON: 201 {id, trials}, stored and enqueued", async () => {
    const res = await post("/api/sweeps", JSON.stringify(SPEC));
    expect(res.status).toBe(201);
    const body = res.json<{ id: string; trials: number }>();
    expect(body.trials).toBe(6);
    expect(res.headers.get("location")).toBe(`/api/sweeps/${body.id}`);
    const detail = (await send(`${dash.url}/api/sweeps/${body.id}`)).json<{ name: string; total: number; counts: Record<string, number>; baseline: string }>();
    expect(detail).toMatchObject({ name: "api-json", total: 6, baseline: "relu" });
    expect(detail.counts.QUEUED).toBe(6);
    const counts = await queue.counts();
    expect((counts.waiting ?? 0) + (counts.prioritized ?? 0)).toBeGreaterThanOrEqual(6);
  });

  it("creates a sweep from YAML (application/yaml and text/plain)", async () => {
    const a = await post("/api/sweeps", YAML, "application/yaml");
    expect(a.status).toBe(201);
    expect(a.json<{ trials: number }>().trials).toBe(2 * 3 * 2);
    const b = await post("/api/sweeps", YAML.replace("api-yaml", "api-text"), "text/plain");
    expect(b.status).toBe(201);
  });

  it("answers 400 with errors naming the bad field", async () => {
    const badEps = await post("/api/sweeps", JSON.stringify({ ...SPEC, activations: ["relu", { name: "e-gem", eps: -1 }] }));
    expect(badEps.status).toBe(400);
    expect(badEps.json<ErrorBody>().errors).toContainEqual({ path: "activations.1.eps", message: "eps must be > 0" });

    const { name: _omit, ...noName } = SPEC;
    const missing = await post("/api/sweeps", JSON.stringify(noName));
    expect(missing.status).toBe(400);
    expect(missing.json<ErrorBody>().errors.map((e) => e.path)).toContain("name");

    const unknown = await post("/api/sweeps", "name: x\nbenchmark: imagenet\nactivations: [relu]\nbaseline: relu\n", "application/yaml");
    expect(unknown.status).toBe(400);
    expect(unknown.json<ErrorBody>().errors.map((e) => e.path)).toContain("benchmark");
  });

  it("answers 400, never 500, for bodies that are not a spec", async () => {
    const badJson = await post("/api/sweeps", "{ not json");
    expect(badJson.status).toBe(400);
    expect(badJson.json<ErrorBody>().errors[0]!.message).toMatch(/not valid JSON/);
    const badYaml = await post("/api/sweeps", "name: [unclosed", "application/yaml");
    expect(badYaml.status).toBe(400);
    expect(badYaml.json<ErrorBody>().errors[0]!.message).toMatch(/YAML/);
    const empty = await post("/api/sweeps", "");
    expect(empty.status).toBe(400);
    const array = await post("/api/sweeps", "[1, 2]");
    expect(array.status).toBe(400);
  });

  it("refuses a body over 256 KiB with 413", async () => {
    const huge = JSON.stringify({ ...SPEC, name: "x".repeat(300 * 1024) });
    const res = await post("/api/sweeps", huge);
    expect(res.status).toBe(413);
    expect(res.json<ErrorBody>().errors[0]!.message).toMatch(/limit/);
  });
});

describe("POST /api/sweeps/preview", () => {
  it("returns the trial count and table shape without creating anything", async () => {
    const before = (await send(`${dash.url}/api/sweeps?limit=1`)).json<{ total: number }>().total;
    const res = await post("/api/sweeps/preview", YAML, "application/yaml");
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, summary: { trials: 12, configs: 6, tableShape: { rows: 3, cols: 2 } } });
    const bad = await post("/api/sweeps/preview", "name: x\nbenchmark: sleep\nactivations: [{name: gem, N: 0}]\n", "application/yaml");
    expect(bad.json<{ ok: boolean; errors: { path: string }[] }>()).toMatchObject({ ok: false });
    expect(bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain("activations.0.N");
    const after = (await send(`${dash.url}/api/sweeps?limit=1`)).json<{ total: number }>().total;
    expect(after).toBe(before);
  });
});

describe("reading sweeps", () => {
  it("lists sweeps newest first with counts, paginated", async () => {
    const created = (await post("/api/sweeps", JSON.stringify({ ...SPEC, name: "api-list" }))).json<{ id: string }>();
    const page = (await send(`${dash.url}/api/sweeps?limit=2`)).json<{ sweeps: { id: string; counts: Record<string, number> }[]; total: number; limit: number }>();
    expect(page.limit).toBe(2);
    expect(page.sweeps).toHaveLength(2);
    expect(page.sweeps[0]!.id).toBe(created.id);
    expect(page.total).toBeGreaterThanOrEqual(4);
    const next = (await send(`${dash.url}/api/sweeps?limit=2&offset=2`)).json<{ sweeps: { id: string }[] }>();
    expect(next.sweeps.map((s) => s.id)).not.toContain(created.id);
  });

  it("pages through a sweep's trials and filters by status", async () => {
    const { id } = (await post("/api/sweeps", JSON.stringify({ ...SPEC, name: "api-trials" }))).json<{ id: string }>();
    type Page = { trials: { id: string; status: string; attempts: number }[]; total: number };
    const first = (await send(`${dash.url}/api/sweeps/${id}/trials?limit=4`)).json<Page>();
    const second = (await send(`${dash.url}/api/sweeps/${id}/trials?limit=4&offset=4`)).json<Page>();
    expect(first.total).toBe(6);
    expect(first.trials).toHaveLength(4);
    expect(second.trials).toHaveLength(2);
    const ids = new Set([...first.trials, ...second.trials].map((t) => t.id));
    expect(ids.size).toBe(6);
    const queued = (await send(`${dash.url}/api/sweeps/${id}/trials?status=QUEUED`)).json<Page>();
    expect(queued.total).toBe(6);
    const done = (await send(`${dash.url}/api/sweeps/${id}/trials?status=COMPLETED`)).json<Page>();
    expect(done.total).toBe(0);
  });

  it("answers 400 naming the query parameter", async () => {
    const { id } = (await post("/api/sweeps", JSON.stringify({ ...SPEC, name: "api-query" }))).json<{ id: string }>();
    const limit = await send(`${dash.url}/api/sweeps/${id}/trials?limit=0`);
    expect(limit.status).toBe(400);
    expect(limit.json<ErrorBody>().errors.map((e) => e.path)).toContain("limit");
    const status = await send(`${dash.url}/api/sweeps/${id}/trials?status=DONE`);
    expect(status.status).toBe(400);
    expect(status.json<ErrorBody>().errors.map((e) => e.path)).toContain("status");
    const offset = await send(`${dash.url}/api/sweeps?offset=-1`);
    expect(offset.status).toBe(400);
  });
});

describe("cancel and resume", () => {
  it("cancels open trials and resumes them", async () => {
    const { id } = (await post("/api/sweeps", JSON.stringify({ ...SPEC, name: "api-cancel" }))).json<{ id: string }>();
    const cancelled = await post(`/api/sweeps/${id}/cancel`, "");
    expect(cancelled.status).toBe(200);
    expect(cancelled.json()).toMatchObject({ id, cancelled: 6 });
    const after = (await send(`${dash.url}/api/sweeps/${id}`)).json<{ status: string; counts: Record<string, number> }>();
    expect(after.status).toBe("CANCELLED");
    expect(after.counts.CANCELLED).toBe(6);
    const resumed = await post(`/api/sweeps/${id}/resume`, "");
    expect(resumed.status).toBe(200);
    expect(resumed.json()).toMatchObject({ id, requeued: 6 });
    const again = (await send(`${dash.url}/api/sweeps/${id}`)).json<{ status: string; counts: Record<string, number> }>();
    expect(again.counts.QUEUED).toBe(6);
  });
});

describe("404s", () => {
  const missing = "00000000-0000-4000-8000-000000000000";
  it.each([
    ["GET", `/api/sweeps/${missing}`],
    ["GET", "/api/sweeps/not-a-uuid"],
    ["GET", `/api/sweeps/${missing}/trials`],
    ["GET", `/api/sweeps/${missing}/table?format=csv`],
    ["GET", `/api/sweeps/${missing}/curves`],
    ["GET", `/api/sweeps/${missing}/events`],
    ["GET", `/api/trials/${missing}`],
    ["GET", "/api/trials/42"],
    ["POST", `/api/sweeps/${missing}/cancel`],
    ["POST", `/api/sweeps/${missing}/resume`],
    ["POST", "/api/workers/no-such-worker/drain"],
    ["GET", "/api/no/such/route"],
  ])("%s %s -> 404 with an error body", async (method, path) => {
    const res = await send(`${dash.url}${path}`, { method });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.json<ErrorBody>().errors[0]!.message).toMatch(/not found|no API route/);
  });
});
