// Why: the scope table enforced on the real server and services: every API operation answers 401
// without a token, 403 with a scope too small and succeeds with the right one; revocation bites at
// once; mutations leave audit rows; tokens reach neither the database nor the server's log.
import type { ApiScope } from "@gemsweep/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTE_ACCESS, type RouteKey } from "../src/server/route-access.js";
import { createAuthDatabase, type AuthDatabase } from "./support/auth-database.js";
import {
  send,
  startTestDashboard,
  START_TIMEOUT_MS,
  type ErrorBody,
  type TestDashboard,
} from "./support/test-dashboard.js";

const BOOTSTRAP = "bootstrap-admin-8d2e41c7";
const SPEC = JSON.stringify({
  name: "scopes",
  benchmark: "sleep",
  seeds: [0],
  baseline: "relu",
  activations: ["relu"],
});
const WORKER = "scopes-test-worker";

let db: AuthDatabase;
let dash: TestDashboard;
const tokens: Record<ApiScope, string> = { read: "", write: "", admin: "" };
/** every token this file saw, to look for in the log and the database */
const seen: string[] = [BOOTSTRAP];
let sweepId = "";
let otherSweepId = "";
let serial = 0;
let trialId = "";

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function call(
  method: "GET" | "POST",
  path: string,
  headers: Record<string, string> = {},
  body?: string,
) {
  return send(`${dash.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body } : {}),
  });
}

async function newToken(name: string, scope: ApiScope): Promise<{ id: string; token: string }> {
  const { token, info } = await db.storage.apiTokens.create({ name, scope, createdBy: "test" });
  seen.push(token);
  return { id: info.id, token };
}

/** A request that the operation accepts, and the status it answers when allowed. */
async function requestFor(
  route: RouteKey,
): Promise<{ method: "GET" | "POST"; path: string; body?: string; ok: number }> {
  const [method, template] = route.split(" ") as ["GET" | "POST", string];
  let id = route.startsWith("GET /api/trials")
    ? trialId
    : route.includes("/workers/")
      ? WORKER
      : sweepId;
  let body: string | undefined;
  let ok = 200;
  if (route === "POST /api/sweeps") [body, ok] = [SPEC, 201];
  if (route === "POST /api/sweeps/preview") body = SPEC;
  if (route === "GET /api/compare") return { method, path: `/api/compare?ids=${sweepId},${otherSweepId}`, ok };
  if (route === "POST /api/auth/stream-cookie") ok = 204;
  if (route === "POST /api/tokens")
    [body, ok] = [JSON.stringify({ name: `made-${++serial}`, scope: "read" }), 201];
  if (route === "POST /api/tokens/{id}/revoke")
    id = (await newToken(`doomed-${++serial}`, "read")).id;
  return {
    method,
    path: template.replace("{id}", id),
    ...(body !== undefined ? { body } : {}),
    ok,
  };
}

async function allowedStatus(route: RouteKey, token: string): Promise<number> {
  const request = await requestFor(route);
  if (route === "GET /api/sweeps/{id}/events") {
    const controller = new AbortController();
    const response = await fetch(`${dash.url}${request.path}`, {
      headers: bearer(token),
      signal: controller.signal,
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    controller.abort();
    return response.status;
  }
  const response = await call(request.method, request.path, bearer(token), request.body);
  const created = /"token":"(gsw_[^"]+)"/.exec(response.text)?.[1];
  if (created) seen.push(created);
  if (response.status !== request.ok)
    throw new Error(`${route}: ${response.status} ${response.text}`);
  return response.status;
}

beforeAll(async () => {
  db = await createAuthDatabase();
  tokens.read = (await newToken("reader", "read")).token;
  tokens.write = (await newToken("writer", "write")).token;
  tokens.admin = (await newToken("admin", "admin")).token;
  await db.storage.workers.register({
    id: WORKER,
    host: "test",
    pid: 1,
    backend: "cpu",
    device: "cpu",
    concurrency: 1,
  });
  dash = await startTestDashboard({
    token: BOOTSTRAP,
    databaseUrl: db.url,
    env: { GEMSWEEP_AUTH_FAILURES_PER_MINUTE: "1000" },
  });
  const created = await call("POST", "/api/sweeps", bearer(BOOTSTRAP), SPEC);
  sweepId = created.json<{ id: string }>().id;
  otherSweepId = (await call("POST", "/api/sweeps", bearer(BOOTSTRAP), SPEC)).json<{ id: string }>().id;
  trialId = (await call("GET", `/api/sweeps/${sweepId}/trials`, bearer(BOOTSTRAP))).json<{
    trials: { id: string }[];
  }>().trials[0]!.id;
}, START_TIMEOUT_MS);

afterAll(async () => {
  await dash?.stop();
  await db?.drop();
});

describe("every operation of the route table", () => {
  const routes = Object.keys(ROUTE_ACCESS) as RouteKey[];

  it.each(routes)("%s", async (route) => {
    const access = ROUTE_ACCESS[route];
    if (access === "public" || access === "metrics") {
      expect(await allowedStatus(route, "")).toBeLessThan(300); // open: no token needed (metrics: by default)
      return;
    }
    const { method, path, body } = await requestFor(route);
    const none = await call(method, path, {}, body);
    expect(none.status, none.text).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="gemsweep"');
    expect(none.json<ErrorBody>().errors[0]!.message).toContain(`${access} scope`);
    const below = access === "admin" ? "write" : access === "write" ? "read" : null;
    if (below) {
      const small = await call(method, path, bearer(tokens[below]), body);
      expect(small.status, small.text).toBe(403);
      expect(small.json<ErrorBody>().errors[0]!.message).toBe(
        `token ${below === "read" ? "reader" : "writer"} has the ${below} scope; ${route} needs ${access}`,
      );
    }
    expect(await allowedStatus(route, tokens[access])).toBeLessThan(300);
    expect(await allowedStatus(route, BOOTSTRAP)).toBeLessThan(300); // the bootstrap token is admin
  });
});

describe("tokens", () => {
  it("a revoked token stops working on the next request", async () => {
    const { id, token } = await newToken("short-lived", "read");
    expect((await call("GET", "/api/sweeps", bearer(token))).status).toBe(200);
    const revoked = await call("POST", `/api/tokens/${id}/revoke`, bearer(tokens.admin));
    expect(revoked.status).toBe(200);
    expect(revoked.json()).toMatchObject({ id, name: "short-lived", revokedBy: "admin" });
    const after = await call("GET", "/api/sweeps", bearer(token));
    expect(after.status).toBe(401);
    expect(after.json<ErrorBody>().errors[0]!.message).toMatch(/not valid/);
    expect((await call("POST", `/api/tokens/${id}/revoke`, bearer(tokens.admin))).status).toBe(409);
  });

  it("refuses malformed credentials: no scheme, Basic, a wrong token, an empty bearer", async () => {
    for (const authorization of [
      tokens.read,
      `Basic ${Buffer.from("a:b").toString("base64")}`,
      "Bearer gsw_000000000000_" + "x".repeat(43),
      "Bearer ",
    ]) {
      expect(
        (await call("GET", "/api/sweeps", { authorization })).status,
        authorization.slice(0, 12),
      ).toBe(401);
    }
  });

  it("a token created over the API is shown once: the list, the database and the audit rows hold no secret", async () => {
    const created = await call(
      "POST",
      "/api/tokens",
      bearer(tokens.admin),
      JSON.stringify({ name: "ci-bot", scope: "write" }),
    );
    expect(created.status).toBe(201);
    const { token, id } = created.json<{ token: string; id: string }>();
    seen.push(token);
    expect(token).toMatch(new RegExp(`^gsw_${id}_`));
    expect((await call("GET", "/api/auth/whoami", bearer(token))).json()).toMatchObject({
      auth: "on",
      actor: "ci-bot",
      scope: "write",
      tokenId: id,
      source: "127.0.0.1",
    });
    expect(
      (
        await call(
          "POST",
          "/api/tokens",
          bearer(tokens.admin),
          JSON.stringify({ name: "ci-bot", scope: "read" }),
        )
      ).status,
    ).toBe(409);
    expect(
      (
        await call(
          "POST",
          "/api/tokens",
          bearer(tokens.admin),
          JSON.stringify({ name: "x y", scope: "read" }),
        )
      ).status,
    ).toBe(400);
    const bad = await call(
      "POST",
      "/api/tokens",
      bearer(tokens.admin),
      JSON.stringify({ name: "ok", scope: "root" }),
    );
    expect(bad.json<ErrorBody>().errors[0]!.path).toBe("scope");

    const list = await call("GET", "/api/tokens", bearer(tokens.admin));
    expect(list.text).not.toContain("scrypt");
    const rows = await db.storage.apiTokens.list();
    expect(rows.find((r) => r.id === id)).toMatchObject({ name: "ci-bot", createdBy: "admin" });
    const audit = JSON.stringify(await db.storage.auditTrail({ limit: 500, offset: 0 }));
    for (const secret of seen) {
      expect(list.text).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
  });
});

describe("audit trail", () => {
  it("records each mutation with the token's name, time, source address and target", async () => {
    const started = new Date(Date.now() - 1000);
    const launched = await call("POST", "/api/sweeps", bearer(tokens.write), SPEC);
    const id = launched.json<{ id: string }>().id;
    await call("POST", `/api/sweeps/${id}/cancel`, bearer(tokens.write));
    await call("POST", `/api/sweeps/${id}/resume`, bearer(tokens.write));
    await call("POST", `/api/workers/${WORKER}/drain`, bearer(BOOTSTRAP));
    const trail = await call("GET", `/api/audit?target=${id}`, bearer(tokens.admin));
    expect(trail.status).toBe(200);
    const events = trail.json<{
      events: {
        action: string;
        actor: string;
        tokenId: string | null;
        source: string;
        target: string;
        at: string;
      }[];
    }>().events;
    expect(events.map((e) => e.action)).toEqual(["sweep.resume", "sweep.cancel", "sweep.launch"]);
    for (const e of events) {
      expect(e).toMatchObject({ actor: "writer", source: "127.0.0.1", target: id });
      expect(e.tokenId).toMatch(/^[0-9a-f]{12}$/);
      expect(new Date(e.at).getTime()).toBeGreaterThanOrEqual(started.getTime());
    }
    const drains = (
      await call("GET", `/api/audit?action=worker.drain&actor=bootstrap`, bearer(tokens.admin))
    ).json<{ events: { target: string; tokenId: string | null }[] }>();
    expect(drains.events[0]).toMatchObject({ target: WORKER, tokenId: null });
    const tokenEvents = (
      await call("GET", `/api/audit?action=token.create`, bearer(tokens.admin))
    ).json<{ events: { actor: string; detail: { name: string } }[] }>();
    expect(tokenEvents.events.map((e) => e.detail.name)).toContain("ci-bot");
    expect(
      (await call("GET", `/api/audit?action=sweep.delete`, bearer(tokens.admin))).json<ErrorBody>()
        .errors[0]!.path,
    ).toBe("action");
    // refused mutations change nothing and are not in the trail as done
    const before = (await call("GET", `/api/sweeps/${sweepId}`, bearer(tokens.read))).json<{
      counts: Record<string, number>;
    }>();
    expect((await call("POST", `/api/sweeps/${sweepId}/cancel`, bearer(tokens.read))).status).toBe(
      403,
    );
    expect((await call("GET", `/api/sweeps/${sweepId}`, bearer(tokens.read))).json()).toMatchObject(
      { counts: before.counts },
    );
    expect(
      (await call("GET", `/api/audit?actor=reader`, bearer(tokens.admin))).json(),
    ).toMatchObject({ total: 0 });
  });
});

describe("the live event stream", () => {
  async function streamCookie(token: string): Promise<string> {
    const response = await call("POST", "/api/auth/stream-cookie", bearer(token));
    expect(response.status).toBe(204);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(
      /^gemsweep_stream=[A-Za-z0-9_-]{32}; Path=\/api\/sweeps; Max-Age=60; HttpOnly; SameSite=Strict$/,
    );
    return cookie.split(";")[0]!;
  }

  it("takes a single-use stream cookie instead of a header; a bearer token in a cookie is refused", async () => {
    const path = `${dash.url}/api/sweeps/${sweepId}/events`;
    expect((await fetch(path)).status).toBe(401);
    const cookie = await streamCookie(tokens.read);
    const controller = new AbortController();
    const first = await fetch(path, { headers: { cookie }, signal: controller.signal });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toContain("text/event-stream");
    controller.abort();
    expect((await fetch(path, { headers: { cookie } })).status).toBe(401); // used
    expect(
      (await fetch(path, { headers: { cookie: `gemsweep_stream=${tokens.read}` } })).status,
    ).toBe(401);
    // the cookie opens the streams only, not other reads
    expect(
      (
        await fetch(`${dash.url}/api/sweeps`, {
          headers: { cookie: await streamCookie(tokens.read) },
        })
      ).status,
    ).toBe(401);
  });

  it("closes an open stream soon after its token is revoked", async () => {
    const { id, token } = await newToken("watcher", "read");
    const response = await fetch(`${dash.url}/api/sweeps/${sweepId}/events`, {
      headers: { cookie: await streamCookie(token) },
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read(); // the stream is open
    await db.storage.apiTokens.revoke(id, "test");
    const revokedAt = Date.now();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
    expect(Date.now() - revokedAt).toBeLessThan(25_000); // re-checked every 15 s
  }, 60_000);
});

describe("the server's log", () => {
  it("holds no token, created or presented", () => {
    const log = dash.log();
    expect(log).toContain("[gemsweep auth] refused a bearer token from 127.0.0.1");
    for (const secret of seen) expect(log).not.toContain(secret.slice(-20));
    expect(log).not.toMatch(/gsw_[0-9a-f]{12}_[A-Za-z0-9_-]{20}/);
  });
});
