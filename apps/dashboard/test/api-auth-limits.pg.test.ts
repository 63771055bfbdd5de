// Why: the auth rule (off until a token exists or GEMSWEEP_API_TOKEN is set, then on for good),
// the metrics setting, and the refused-token limit per source address, which a client cannot
// dodge with its own X-Forwarded-For (only GEMSWEEP_TRUST_PROXY makes the server read it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthDatabase, type AuthDatabase } from "./support/auth-database.js";
import {
  send,
  startTestDashboard,
  START_TIMEOUT_MS,
  type ErrorBody,
  type TestDashboard,
} from "./support/test-dashboard.js";

const LIMIT = 5;
let db: AuthDatabase;
let direct: TestDashboard;
let proxied: TestDashboard;
let reader = "";

const get = (dash: TestDashboard, path: string, headers: Record<string, string> = {}) =>
  send(`${dash.url}${path}`, { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const WRONG = bearer("gsw_0123456789ab_" + "w".repeat(43));

beforeAll(async () => {
  db = await createAuthDatabase();
  const env = { GEMSWEEP_AUTH_FAILURES_PER_MINUTE: String(LIMIT), GEMSWEEP_METRICS_AUTH: "read" };
  direct = await startTestDashboard({ databaseUrl: db.url, env });
  proxied = await startTestDashboard({
    databaseUrl: db.url,
    env: { ...env, GEMSWEEP_TRUST_PROXY: "1" },
  });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await direct?.stop();
  await proxied?.stop();
  await db?.drop();
});

describe("when auth is on", () => {
  it("is off while no token exists and GEMSWEEP_API_TOKEN is unset, and on from the first token, without a restart", async () => {
    expect((await get(direct, "/api/auth/whoami")).json()).toMatchObject({
      auth: "off",
      actor: "anonymous",
      scope: null,
    });
    expect((await get(direct, "/api/sweeps")).status).toBe(200);
    expect((await get(direct, "/api/metrics")).status).toBe(200);
    const { token, info } = await db.storage.apiTokens.create({
      name: "reader",
      scope: "read",
      createdBy: "test",
    });
    reader = token;
    expect((await get(direct, "/api/sweeps")).status).toBe(401);
    expect((await get(direct, "/api/sweeps", bearer(reader))).status).toBe(200);
    // GEMSWEEP_METRICS_AUTH=read: the metrics need a read token too; health never does
    expect((await get(direct, "/api/metrics")).status).toBe(401);
    expect((await get(direct, "/api/metrics", bearer(reader))).text).toContain("gemsweep_trials");
    expect((await get(direct, "/api/health")).status).toBe(200);
    // revoking every token does not open the API again (asked through the other server, whose
    // refused-token count the next test does not read)
    await db.storage.apiTokens.revoke(info.id, "test");
    expect((await get(proxied, "/api/sweeps", { "x-forwarded-for": "192.0.2.1" })).status).toBe(
      401,
    );
    expect(
      (await get(proxied, "/api/sweeps", { ...bearer(reader), "x-forwarded-for": "192.0.2.1" }))
        .status,
    ).toBe(401);
    reader = (
      await db.storage.apiTokens.create({ name: "reader", scope: "read", createdBy: "test" })
    ).token;
  });
});

describe("refused tokens per source address", () => {
  it(`answers 429 with Retry-After after ${LIMIT} refused tokens in a minute, even to the right token and whatever X-Forwarded-For says`, async () => {
    for (let i = 0; i < 3; i++) expect((await get(direct, "/api/sweeps")).status).toBe(401); // no token: not a guess, not counted
    for (let i = 0; i < LIMIT; i++) {
      const refused = await get(direct, "/api/sweeps", {
        ...WRONG,
        "x-forwarded-for": `198.51.100.${i}`,
      });
      expect(refused.status).toBe(401);
    }
    const limited = await get(direct, "/api/sweeps", WRONG);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.json<ErrorBody>().errors[0]!.message).toMatch(
      /too many refused API tokens from 127\.0\.0\.1: try again in \d+ s/,
    );
    expect((await get(direct, "/api/sweeps", bearer(reader))).status).toBe(429);
    expect(
      (await get(direct, "/api/sweeps", { ...bearer(reader), "x-forwarded-for": "203.0.113.77" }))
        .status,
    ).toBe(429);
    expect((await get(direct, "/api/health")).status).toBe(200);
    expect((await get(direct, "/api/sweeps")).status).toBe(401); // without a token: still told what is missing
  });

  it("behind a trusted proxy (GEMSWEEP_TRUST_PROXY=1) counts the forwarded address, and the audit trail records it", async () => {
    const from = (address: string) => ({ "x-forwarded-for": `10.9.9.9, ${address}` }); // the client's own entry is not trusted
    for (let i = 0; i < LIMIT; i++)
      expect((await get(proxied, "/api/sweeps", { ...WRONG, ...from("203.0.113.9") })).status).toBe(
        401,
      );
    expect(
      (await get(proxied, "/api/sweeps", { ...bearer(reader), ...from("203.0.113.9") })).status,
    ).toBe(429);
    const other = await get(proxied, "/api/auth/whoami", {
      ...bearer(reader),
      ...from("203.0.113.10"),
    });
    expect(other.status).toBe(200);
    expect(other.json()).toMatchObject({ actor: "reader", source: "203.0.113.10" });

    const { token: writer } = await db.storage.apiTokens.create({
      name: "writer",
      scope: "write",
      createdBy: "test",
    });
    const spec = JSON.stringify({
      name: "proxied",
      benchmark: "sleep",
      seeds: [0],
      baseline: "relu",
      activations: ["relu"],
    });
    const created = await send(`${proxied.url}/api/sweeps`, {
      method: "POST",
      headers: { "content-type": "application/json", ...bearer(writer), ...from("203.0.113.11") },
      body: spec,
    });
    expect(created.status).toBe(201);
    const trail = await db.storage.auditTrail({
      target: created.json<{ id: string }>().id,
      limit: 5,
      offset: 0,
    });
    expect(trail.events.map((e) => [e.action, e.actor, e.source])).toEqual([
      ["sweep.launch", "writer", "203.0.113.11"],
    ]);
  });
});
