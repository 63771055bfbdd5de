// Why: the served OpenAPI document must be valid 3.1, lint-clean, complete, true to the live responses, and usable by a generated client.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createPrismaClient, type PrismaClient } from "@gemsweep/db";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DASHBOARD_DIR, REPO_ROOT } from "../tools/dashboard-paths.js";
import { ROUTE_ACCESS, type RouteKey } from "../src/server/route-access.js";
import { createAuthDatabase, type AuthDatabase } from "./support/auth-database.js";
import { openApiResponseValidator } from "./support/openapi-response-validator.js";
import { seedResults } from "./support/seed-results.js";
import {
  send,
  startTestDashboard,
  START_TIMEOUT_MS,
  type TestDashboard,
} from "./support/test-dashboard.js";
import { typeErrors, writeTypedClient } from "./support/typed-client.js";

const TOKEN = "openapi-test-token";
const METHODS = ["get", "post", "put", "patch", "delete"] as const;
type Operation = {
  operationId?: string;
  security?: { bearer?: string[] }[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};
type Doc = {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { schemas: Record<string, unknown> };
};

let dash: TestDashboard;
let prisma: PrismaClient;
/** a database of its own: the calls below create an API token, which would turn auth on for the run's other suites */
let db: AuthDatabase;
let doc: Doc;
let text: string;
const ids = { a: "", b: "" };
const workerId = `openapi-worker-${process.pid}`;

/** A GET with the bootstrap token: with auth on, reads need a token too. */
const get = (url: string, token = TOKEN) => send(`${dash.url}${url}`, { headers: { authorization: `Bearer ${token}` } });

const post = (url: string, body: unknown, token = TOKEN) =>
  send(`${dash.url}${url}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  db = await createAuthDatabase();
  dash = await startTestDashboard({ token: TOKEN, databaseUrl: db.url });
  prisma = createPrismaClient(db.url, { max: 2 });
  const res = await get(`/api/openapi.json`);
  text = res.text;
  doc = res.json<Doc>();
  const spec = {
    benchmark: "sleep",
    baseline: "relu",
    activations: ["relu", { name: "gem", N: [1, 2] }],
    overrides: { epochs: 2 },
  };
  ids.a = (await post("/api/sweeps", { ...spec, name: "openapi-a", seeds: [0, 1] })).json<{
    id: string;
  }>().id;
  ids.b = (await post("/api/sweeps", { ...spec, name: "openapi-b", seeds: [0, 1, 2] })).json<{
    id: string;
  }>().id;
  for (const id of Object.values(ids))
    await seedResults(prisma, id, {
      workerId,
      epochs: 2,
      metricOf: (t, e) => (t.n === 2 ? 0.9 : 0.8) - 0.1 / e + 0.001 * t.seed,
    });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await prisma?.$disconnect();
  await dash?.stop();
  await db?.drop();
});

function operations(): { path: string; method: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ path: p, method: m, op: item[m]! })),
  );
}

/** Every route handler on disk as `METHOD /api/...`, `[id]` written `{id}` (the catch-all 404 route left out). */
function routesOnDisk(): string[] {
  const root = path.join(DASHBOARD_DIR, "src/app/api");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts" && !full.includes("[...")) {
        const url = "/api/" + path.relative(root, dir).replace(/\[(\w+)\]/g, "{$1}");
        for (const m of readFileSync(full, "utf8").matchAll(
          /export const (GET|POST|PUT|PATCH|DELETE)\b/g,
        ))
          found.push(`${m[1]} ${url}`);
      }
    }
  };
  walk(root);
  return found.sort();
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator, every $ref resolved)", async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(text).not.toContain("$defs");
  });

  it("passes Redocly's recommended rules: no unresolved refs, security on every operation, servers, operationIds", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({
      source: text,
      absoluteRef: `${dash.url}/api/openapi.json`,
      config,
    });
    const found = problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ""}`);
    // health, metrics and this document have no 4xx answer to declare: nothing they read can be invalid.
    const allowed = ["/api/health", "/api/metrics", "/api/openapi.json"].map(
      (p) => `warn operation-4xx-response #/paths/${p.replace(/\//g, "~1")}/get/responses`,
    );
    expect(found.filter((f) => !allowed.includes(f))).toEqual([]);
  });

  it("documents every route handler, each with a unique operationId and a JSON schema for every JSON response", () => {
    const documented = operations()
      .map((o) => `${o.method.toUpperCase()} ${o.path}`)
      .sort();
    expect(documented).toEqual(routesOnDisk());
    const opIds = operations().map((o) => o.op.operationId);
    expect(new Set(opIds).size).toBe(opIds.length);
    expect(opIds.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    for (const { path: p, method, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        const schema = response.content?.["application/json"]?.schema as
          Record<string, unknown> | undefined;
        if (!schema) continue;
        expect(Object.keys(schema).length, `${method} ${p} ${status}`).toBeGreaterThan(0);
        if (p !== "/api/openapi.json")
          expect(
            JSON.stringify(schema) === '{"type":"object"}',
            `${method} ${p} ${status} has a real schema`,
          ).toBe(false);
      }
    }
    expect(doc.servers?.length).toBeGreaterThan(0);
  });

  it("declares each operation's security from the route table: none, optional (metrics) or a bearer token with its scope", () => {
    for (const { path: p, method, op } of operations()) {
      const route = `${method.toUpperCase()} ${p}` as RouteKey;
      const access = ROUTE_ACCESS[route];
      const expected =
        access === "public" ? [] : access === "metrics" ? [{}, { bearer: ["read"] }] : [{ bearer: [access] }];
      expect(op.security, route).toEqual(expected);
      if (access !== "public") expect(Object.keys(op.responses), route).toEqual(expect.arrayContaining(["401", "429"]));
      if (access === "write" || access === "admin") expect(Object.keys(op.responses), route).toContain("403");
    }
    const admin = operations()
      .filter((o) => o.op.security?.some((s) => s.bearer?.includes("admin")))
      .map((o) => o.op.operationId)
      .sort();
    expect(admin).toEqual(["createToken", "drainWorker", "listAuditEvents", "listTokens", "revokeToken"]);
  });
});

describe("the live API answers as the document says", () => {
  it("every JSON response conforms to its declared schema", async () => {
    const validate = openApiResponseValidator(doc);
    const trialId = (
      await prisma.trial.findFirstOrThrow({ where: { sweepId: ids.a }, select: { id: true } })
    ).id;
    const calls: [
      string,
      string,
      string,
      number,
      Promise<{ status: number; json: () => unknown }>,
    ][] = [
      ["/api/sweeps", "get", "/api/sweeps?limit=5", 200, get(`/api/sweeps?limit=5`)],
      ["/api/sweeps", "get", "/api/sweeps?limit=0", 400, get(`/api/sweeps?limit=0`)],
      ["/api/sweeps/{id}", "get", `sweep a`, 200, get(`/api/sweeps/${ids.a}`)],
      [
        "/api/sweeps/{id}",
        "get",
        "no sweep",
        404,
        get(`/api/sweeps/00000000-0000-4000-8000-000000000000`),
      ],
      [
        "/api/sweeps/{id}/trials",
        "get",
        "trials",
        200,
        get(`/api/sweeps/${ids.a}/trials?limit=3`),
      ],
      [
        "/api/sweeps/{id}/table",
        "get",
        "table",
        200,
        get(`/api/sweeps/${ids.a}/table`),
      ],
      [
        "/api/sweeps/{id}/table",
        "get",
        "pivoted table",
        200,
        get(`/api/sweeps/${ids.a}/table?pivot=N:gem`),
      ],
      [
        "/api/sweeps/{id}/curves",
        "get",
        "curves",
        200,
        get(`/api/sweeps/${ids.a}/curves`),
      ],
      [
        "/api/sweeps/{id}/curves",
        "get",
        "curves of an unknown split",
        400,
        get(`/api/sweeps/${ids.a}/curves?split=train`),
      ],
      [
        "/api/compare",
        "get",
        "compare",
        200,
        get(`/api/compare?ids=${ids.a},${ids.b}`),
      ],
      ["/api/compare", "get", "compare one", 400, get(`/api/compare?ids=${ids.a}`)],
      ["/api/trials/{id}", "get", "trial", 200, get(`/api/trials/${trialId}`)],
      ["/api/workers", "get", "workers", 200, get(`/api/workers?all=1`)],
      ["/api/health", "get", "health", 200, send(`${dash.url}/api/health`)],
      [
        "/api/sweeps/preview",
        "post",
        "preview ok",
        200,
        post("/api/sweeps/preview", {
          name: "p",
          benchmark: "sleep",
          baseline: "relu",
          activations: ["relu"],
        }),
      ],
      [
        "/api/sweeps/preview",
        "post",
        "preview errors",
        200,
        post("/api/sweeps/preview", { name: "p", benchmark: "nope", activations: [] }),
      ],
      ["/api/sweeps", "post", "create refused", 401, post("/api/sweeps", {}, "wrong")],
      ["/api/sweeps", "get", "list refused", 401, send(`${dash.url}/api/sweeps`)],
      ["/api/auth/whoami", "get", "whoami", 200, get(`/api/auth/whoami`)],
      ["/api/tokens", "post", "token created", 201, post("/api/tokens", { name: `openapi-${process.pid}`, scope: "read" })],
      ["/api/tokens", "post", "token invalid", 400, post("/api/tokens", { name: "x", scope: "root" })],
      ["/api/tokens", "get", "tokens", 200, get(`/api/tokens`)],
      ["/api/tokens/{id}/revoke", "post", "revoke nobody", 404, post(`/api/tokens/nobody-${process.pid}/revoke`, {})],
      ["/api/audit", "get", "audit", 200, get(`/api/audit?limit=5`)],
      ["/api/audit", "get", "audit invalid", 400, get(`/api/audit?action=nope`)],
      ["/api/sweeps", "post", "create invalid", 400, post("/api/sweeps", { name: "" })],
      ["/api/sweeps/{id}/resume", "post", "resume", 200, post(`/api/sweeps/${ids.b}/resume`, {})],
      ["/api/workers/{id}/drain", "post", "drain", 200, post(`/api/workers/${workerId}/drain`, {})],
      [
        "/api/workers/{id}/drain",
        "post",
        "drain nobody",
        404,
        post(`/api/workers/nobody-${process.pid}/drain`, {}),
      ],
    ];
    const failures: string[] = [];
    for (const [p, method, what, status, pending] of calls) {
      const res = await pending;
      if (res.status !== status) failures.push(`${what}: HTTP ${res.status}, expected ${status}`);
      else
        for (const error of validate(p, method, status, res.json()))
          failures.push(`${what}: ${error}`);
    }
    expect(failures).toEqual([]);
  });

  it("a client generated from it (openapi-typescript + openapi-fetch) type-checks, creates a sweep and reads its table", async () => {
    const file = await writeTypedClient(doc, path.join(REPO_ROOT, "test-artifacts/openapi-client"));
    expect(typeErrors(file)).toEqual([]);
    const { createAndReadTable } = (await import(pathToFileURL(file).href)) as {
      createAndReadTable: (url: string, token: string) => Promise<Record<string, unknown>>;
    };
    const result = await createAndReadTable(dash.url, TOKEN);
    expect(result).toMatchObject({
      trials: 6,
      queued: 6,
      name: "typed-client",
      rowKeys: ["relu", "gem|N=1", "gem|N=2"],
      columns: ["sleep"],
      firstCellPending: 2,
      refusedStatus: 401,
      cancelledCount: 6,
    });
    expect(result.spec).toMatchObject({
      name: "typed-client",
      seeds: [0, 1],
      activations: ["relu", { name: "gem", N: [1, 2] }],
    });
    expect(result.rowActivations).toEqual([
      { name: "relu" },
      { name: "gem", N: 1 },
      { name: "gem", N: 2 },
    ]);
    expect(result.refusedMessage).toMatch(/requires an API token with the write scope/);
  });

  it("the generated types catch a wrong call: an unknown table format and a bad body do not compile", async () => {
    const file = await writeTypedClient(
      doc,
      path.join(REPO_ROOT, "test-artifacts/openapi-client-wrong"),
    );
    const source = readFileSync(file, "utf8")
      .replace('format: "json"', 'format: "xlsx"')
      .replace("seeds: [0, 1]", 'seeds: "zero"');
    writeFileSync(file, source);
    const errors = typeErrors(file);
    expect(
      errors.some((e) => e.includes('"xlsx"')),
      errors.join("\n"),
    ).toBe(true);
    expect(
      errors.some((e) =>
        e.includes("Type 'string' is not assignable to type 'number | number[] | undefined'"),
      ),
      errors.join("\n"),
    ).toBe(true);
    expect(errors, errors.join("\n")).toHaveLength(2);
  });
});
