import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type RunningWorker } from "./support/start-worker.js";
import { send, startTestDashboard, START_TIMEOUT_MS, type ErrorBody, type TestDashboard } from "./support/test-dashboard.js";

// The tune-then-compare protocol through the HTTP API, against the production server, real
// services and a real worker: the preview's stages and estimate, a bad protocol spec as a 400
// naming its field, the tuning stage's read, trials by stage, and the table with the choice.

let dash: TestDashboard;
let worker: RunningWorker;

beforeAll(async () => {
  dash = await startTestDashboard();
  worker = await startWorker(dash.queue, { concurrency: 1 });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await worker?.stop();
  await dash?.stop();
}, 60_000);

const SPEC = `name: api-protocol
benchmark: synthetic
baseline: gelu
activations: [gelu, { name: e-gem, eps: 1 }]
overrides: { epochs: 9, lr: [1e-2, 1e-3, 5e-5, 3e-2, 1e-1, 2e-5, 3e-3] }
tune: { over: [lr], scheduler: asha }
compare: { seeds: 3 }
`;

const post = (path: string, body: string, type = "application/yaml") => send(`${dash.url}${path}`, { method: "POST", headers: { "content-type": type }, body });

describe("the protocol through the API", () => {
  it("POST /api/sweeps/preview: trials per stage, the estimate on ?backend=, the dry run's plan", async () => {
    const res = await post("/api/sweeps/preview", SPEC);
    expect(res.status).toBe(200);
    const body = res.json<{ ok: boolean; summary: { trials: number; stages: { tune: { trials: number; settings: number }; compare: { trials: number } }; estimate: { backend: string } }; plan: string }>();
    expect(body.summary).toMatchObject({ trials: 20, stages: { tune: { trials: 14, settings: 7 }, compare: { trials: 6 } }, estimate: { backend: "wasm" } });
    expect(body.plan).toContain("stage 1 (tune on validation): 2 configs x 7 settings x 1 seed = 14 trials");
    const fashion = await post("/api/sweeps/preview?backend=cpu", SPEC.replace("benchmark: synthetic", "benchmark: fashion-mnist-mlp").replace("epochs: 9", "epochs: 3"));
    expect(fashion.json<{ summary: { estimate: { seconds: number | null; benchmarks: { basis: string }[] } } }>().summary.estimate).toMatchObject({
      seconds: null,
      benchmarks: [{ basis: "unknown: no samples/s measured for fashion-mnist-mlp on cpu" }],
    });
    expect((await post("/api/sweeps/preview?backend=nope", SPEC)).status).toBe(400);
  });

  it("POST /api/sweeps: a bad protocol spec is a 400 naming the field", async () => {
    const res = await post("/api/sweeps", SPEC.replace("scheduler: asha", "scheduler: asha, budget: 9"));
    expect(res.status).toBe(400);
    expect(res.json<ErrorBody>().errors).toEqual([{ path: "tune.budget", message: expect.stringContaining("more than the 7 settings") }]);
  });

  it("runs it: GET /tuning has each config's trials, rungs and choice; trials filter by stage; the table shows the choice", async () => {
    const created = await post("/api/sweeps", SPEC);
    expect(created.status).toBe(201);
    const { id, trials } = created.json<{ id: string; trials: number }>();
    expect(trials).toBe(20);
    for (let i = 0; ; i++) {
      const sweep = (await send(`${dash.url}/api/sweeps/${id}`)).json<{ status: string }>();
      if (sweep.status === "COMPLETED") break;
      if (i > 600) throw new Error(`sweep still ${sweep.status}\n${worker.log()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const tuning = (await send(`${dash.url}/api/sweeps/${id}/tuning`)).json<{
      stages: number;
      stoppedEarly: number;
      groups: { label: string; choice: { values: { lr: number } }; trials: { status: string; rung: number | null }[] }[];
    }>();
    expect(tuning.stages).toBe(2);
    expect(tuning.stoppedEarly).toBe(9);
    expect(tuning.groups.map((g) => [g.label, g.choice.values.lr])).toEqual([
      ["GELU", 1e-3],
      ["E-GEM (N=1, ε=1)", 3e-3],
    ]);
    expect(tuning.groups[0]!.trials.map((t) => [t.status, t.rung])).toEqual([
      ["COMPLETED", 1],
      ["COMPLETED", 1],
      ["PRUNED", 0],
      ["PRUNED", 0],
      ["PRUNED", 0],
      ["PRUNED", 0],
      ["PRUNED", 1],
    ]);
    const tuneTrials = (await send(`${dash.url}/api/sweeps/${id}/trials?stage=TUNE&limit=50`)).json<{ total: number; trials: { stage: string; values: { lr: number } }[] }>();
    expect(tuneTrials.total).toBe(14);
    expect(tuneTrials.trials.every((t) => t.stage === "TUNE" && typeof t.values.lr === "number")).toBe(true);
    const table = (await send(`${dash.url}/api/sweeps/${id}/table`)).json<{ rows: { key: string; cells: { n: number; chosen: { lr: number } }[] }[]; stage: { tuned: { over: string[] } } }>();
    expect(table.rows.map((r) => [r.key, r.cells[0]!.n, r.cells[0]!.chosen])).toEqual([
      ["gelu", 3, { lr: 1e-3 }],
      ["e-gem|N=1|eps=1", 3, { lr: 3e-3 }],
    ]);
    expect(table.stage.tuned.over).toEqual(["lr"]);
    const csv = parse((await send(`${dash.url}/api/sweeps/${id}/table?format=csv`)).text, { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => [r.row, r.lr])).toEqual([
      ["gelu", "0.001"],
      ["e-gem|N=1|eps=1", "0.003"],
    ]);
    const doc = (await send(`${dash.url}/api/openapi.json`)).json<{ paths: Record<string, unknown> }>();
    expect(doc.paths).toHaveProperty(["/api/sweeps/{id}/tuning"]);
  });
});
