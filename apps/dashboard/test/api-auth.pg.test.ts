// Why: GEMSWEEP_API_TOKEN keeps working as the bootstrap admin token, and turns auth on by itself
// (this server's database holds no token): every request but health and the OpenAPI document needs it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  send,
  startTestDashboard,
  START_TIMEOUT_MS,
  type ErrorBody,
  type TestDashboard,
} from "./support/test-dashboard.js";

const TOKEN = "test-token-5c1f";
let dash: TestDashboard;
const SPEC = JSON.stringify({
  name: "auth",
  benchmark: "sleep",
  seeds: [0],
  baseline: "relu",
  activations: ["relu"],
});

beforeAll(async () => {
  dash = await startTestDashboard({ token: TOKEN });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await dash?.stop();
});

const post = (path: string, headers: Record<string, string> = {}) =>
  send(`${dash.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: SPEC,
  });
const get = (path: string, headers: Record<string, string> = {}) =>
  send(`${dash.url}${path}`, { headers });

describe("the bootstrap token (GEMSWEEP_API_TOKEN)", () => {
  it("401 without a token or with a wrong one, 201 with the right one", async () => {
    const none = await post("/api/sweeps");
    expect(none.status).toBe(401);
    expect(none.json<ErrorBody>().errors[0]!.message).toMatch(
      /requires an API token with the write scope/,
    );
    expect((await post("/api/sweeps", { authorization: "Bearer nope" })).status).toBe(401);
    expect((await post("/api/sweeps", { authorization: TOKEN })).status).toBe(401); // scheme missing
    const ok = await post("/api/sweeps", { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(201);
  });

  it("guards cancel, resume, drain, reads and previews; health and the OpenAPI document stay open", async () => {
    const { id } = (await post("/api/sweeps", { authorization: `Bearer ${TOKEN}` })).json<{
      id: string;
    }>();
    expect((await post(`/api/sweeps/${id}/cancel`)).status).toBe(401);
    expect((await post(`/api/sweeps/${id}/resume`)).status).toBe(401);
    expect((await post("/api/workers/any-worker/drain")).status).toBe(401);
    expect((await get(`/api/sweeps/${id}`)).status).toBe(401);
    expect((await get("/api/sweeps")).status).toBe(401);
    expect((await post("/api/sweeps/preview")).status).toBe(401);
    expect((await get("/api/health")).status).toBe(200);
    expect((await get("/api/openapi.json")).status).toBe(200);
    expect((await get("/api/metrics")).status).toBe(200); // GEMSWEEP_METRICS_AUTH unset: open
    const sweep = await get(`/api/sweeps/${id}`, { authorization: `Bearer ${TOKEN}` });
    expect(sweep.status).toBe(200);
    expect(sweep.json()).toMatchObject({ counts: { QUEUED: 1 } }); // the refused cancel changed nothing
    expect(
      (await post(`/api/sweeps/${id}/cancel`, { authorization: `Bearer ${TOKEN}` })).status,
    ).toBe(200);
    expect(
      (await get("/api/auth/whoami", { authorization: `Bearer ${TOKEN}` })).json(),
    ).toMatchObject({ auth: "on", actor: "bootstrap", scope: "admin", tokenId: null });
  });
});
