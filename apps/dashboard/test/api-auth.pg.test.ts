import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send, startTestDashboard, START_TIMEOUT_MS, type ErrorBody, type TestDashboard } from "./support/test-dashboard.js";

// With GEMSWEEP_API_TOKEN set, every mutation needs `Authorization: Bearer <token>`; reads don't.

const TOKEN = "test-token-5c1f";
let dash: TestDashboard;
const SPEC = JSON.stringify({ name: "auth", benchmark: "sleep", seeds: [0], baseline: "relu", activations: ["relu"] });

beforeAll(async () => {
  dash = await startTestDashboard({ token: TOKEN });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await dash?.stop();
});

const post = (path: string, headers: Record<string, string> = {}) =>
  send(`${dash.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: SPEC });

describe("bearer token", () => {
  it("401 without a token or with a wrong one, 201 with the right one", async () => {
    const none = await post("/api/sweeps");
    expect(none.status).toBe(401);
    expect(none.json<ErrorBody>().errors[0]!.message).toMatch(/bearer token/);
    expect((await post("/api/sweeps", { authorization: "Bearer nope" })).status).toBe(401);
    expect((await post("/api/sweeps", { authorization: TOKEN })).status).toBe(401); // scheme missing
    const ok = await post("/api/sweeps", { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(201);
  });

  it("guards cancel, resume and drain; reads and previews stay open", async () => {
    const { id } = (await post("/api/sweeps", { authorization: `Bearer ${TOKEN}` })).json<{ id: string }>();
    expect((await post(`/api/sweeps/${id}/cancel`)).status).toBe(401);
    expect((await post(`/api/sweeps/${id}/resume`)).status).toBe(401);
    expect((await post("/api/workers/any-worker/drain")).status).toBe(401);
    const sweep = await send(`${dash.url}/api/sweeps/${id}`);
    expect(sweep.status).toBe(200);
    expect(sweep.json()).toMatchObject({ counts: { QUEUED: 1 } }); // the refused cancel changed nothing
    expect((await send(`${dash.url}/api/sweeps`)).status).toBe(200);
    expect((await post("/api/sweeps/preview")).status).toBe(200);
    expect((await post(`/api/sweeps/${id}/cancel`, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });
});
