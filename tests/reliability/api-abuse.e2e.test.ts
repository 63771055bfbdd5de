import fc from "fast-check";
import { stringify as toYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@gemsweep/db";
import { send, startTestDashboard, START_TIMEOUT_MS, type TestDashboard } from "../../apps/dashboard/test/support/test-dashboard.js";
import { seedResults } from "../../apps/dashboard/test/support/seed-results.js";
import { garbageSpecArb, invalidSpecArb, namesPath, yamlAliasBomb, type InvalidSpec } from "./support/invalid-specs.js";
import { summaryLine, unique } from "./support/reliability.js";
import { parse } from "csv-parse/sync";

// Bad input and abuse through the real HTTP API (the production Next.js server) on the suite's
// shared services, with GEMSWEEP_API_TOKEN set (the bootstrap admin token: every request but
// health needs it).
const TOKEN = `reliability-${unique("token")}`;
const auth = { authorization: `Bearer ${TOKEN}` };
let dash: TestDashboard;
const prisma = createPrismaClient(process.env.DATABASE_URL!, { max: 2 });

beforeAll(async () => {
  dash = await startTestDashboard({ token: TOKEN });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await dash?.stop();
  await prisma.$disconnect();
});

type ErrorBody = { errors: { path: string; message: string }[] };

function postSpec(body: string, contentType = "application/json", headers: Record<string, string> = auth) {
  return send(`${dash.url}/api/sweeps`, { method: "POST", headers: { "content-type": contentType, ...headers }, body });
}

/** A 400 whose `errors` name the expected field path; anything else (201, 5xx, HTML) fails. */
function expectRejected(response: { status: number; text: string }, invalid: InvalidSpec): void {
  const detail = `${invalid.what}: ${JSON.stringify(invalid.spec).slice(0, 300)} -> ${response.status} ${response.text.slice(0, 300)}`;
  expect(response.status, detail).toBe(400);
  const body = JSON.parse(response.text) as ErrorBody;
  expect(Array.isArray(body.errors) && body.errors.length > 0, detail).toBe(true);
  for (const e of body.errors) expect(typeof e.path === "string" && typeof e.message === "string" && e.message.length > 0, detail).toBe(true);
  expect(namesPath(body.errors.map((e) => e.path), invalid.path), detail).toBe(true);
}

describe("reliability: bad input through POST /api/sweeps", () => {
  it("fuzzed invalid specs (JSON and YAML) are 400s naming the field; oversize bodies and alias bombs are refused; never a 5xx", async () => {
    const sweepsBefore = await prisma.sweep.count();
    let inputs = 0;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: invalidSpecArb }, { weight: 1, arbitrary: garbageSpecArb }), fc.boolean(), async (invalid, asYaml) => {
        inputs += 1;
        const response = asYaml && invalid.spec !== undefined ? await postSpec(toYaml(invalid.spec), "application/yaml") : await postSpec(JSON.stringify(invalid.spec) ?? "null");
        expectRejected(response, invalid);
      }),
      { numRuns: 300 },
    );
    // Random text in any content type: a 400 (or 413), never a crash.
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.constantFrom("text/plain", "application/json", "application/yaml", "application/x-www-form-urlencoded"), async (text, type) => {
        inputs += 1;
        const response = await postSpec(text, type);
        expect(response.status, `${type} ${JSON.stringify(text)} -> ${response.text.slice(0, 200)}`).toBe(400);
        expect((JSON.parse(response.text) as ErrorBody).errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );

    const oversize = await postSpec(JSON.stringify({ name: "big", benchmark: "sleep", activations: ["gelu"], pad: "x".repeat(300 * 1024) }));
    inputs += 1;
    expect(oversize.status).toBe(413);
    expect((JSON.parse(oversize.text) as ErrorBody).errors[0]!.message).toMatch(/larger than the limit of 262144 bytes/);
    const bomb = await postSpec(yamlAliasBomb(), "application/yaml");
    inputs += 1;
    expect(bomb.status).toBe(400);
    expect((JSON.parse(bomb.text) as ErrorBody).errors[0]!.message).toMatch(/too many YAML aliases/);

    // Nothing was created, and the server still works.
    expect(await prisma.sweep.count()).toBe(sweepsBefore);
    expect((await send(`${dash.url}/api/health`)).status).toBeLessThan(500);
    expect(dash.log()).not.toMatch(/\b500\b.*api\/sweeps|Unhandled|uncaught/i);
    summaryLine("api-bad-input", { load: 0, faults: 0, inputs, lost: 0, duplicated: 0, rejected_as_400_or_413: inputs, seconds: (Date.now() - started) / 1000 });
  });
});

describe("reliability: security of the HTTP API", () => {
  it("requests without the token are 401, reads included, and change nothing", async () => {
    const spec = JSON.stringify({ name: "auth-probe", benchmark: "sleep", seeds: [0], activations: ["gelu"], overrides: { epochs: 1, sleepMs: 1 } });
    const before = await prisma.sweep.count();
    const refused = [
      await postSpec(spec, "application/json", {}),
      await postSpec(spec, "application/json", { authorization: "Bearer wrong" }),
      await postSpec(spec, "application/json", { authorization: TOKEN }),
      await postSpec(spec, "application/json", { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}` }),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(await prisma.sweep.count()).toBe(before);
    const created = await postSpec(spec);
    expect(created.status).toBe(201);
    const { id } = JSON.parse(created.text) as { id: string };
    for (const action of ["cancel", "resume"]) {
      expect((await send(`${dash.url}/api/sweeps/${id}/${action}`, { method: "POST" })).status).toBe(401);
    }
    const reads = [`/api/sweeps`, `/api/sweeps/${id}`, `/api/sweeps/${id}/table?format=csv`, `/api/sweeps/${id}/events`, `/api/workers`];
    for (const path of reads) expect((await send(`${dash.url}${path}`)).status, path).toBe(401);
    const sweep = await send(`${dash.url}/api/sweeps/${id}`, { headers: auth });
    expect(sweep.status).toBe(200);
    expect((JSON.parse(sweep.text) as { status: string }).status).toBe("QUEUED"); // the refused cancel changed nothing
    summaryLine("api-auth", { load: 1, faults: 0, inputs: refused.length + 2 + reads.length, lost: 0, duplicated: 0, unauthorized_401: refused.length + 2 + reads.length });
  });

  it("SQL metacharacters in input are data, never SQL: a hostile sweep name round-trips intact", async () => {
    const names = [`x'; DROP TABLE "Trial"; --`, `Robert'); DELETE FROM "Sweep" WHERE ('1'='1`, `$1 $$ \\' " ; -- /* */`, "ünï\\cødé 💥 %s %d {{7*7}} ${x}"];
    const ids: string[] = [];
    for (const name of names) {
      const created = await postSpec(JSON.stringify({ name, benchmark: "sleep", seeds: [0], activations: ["gelu"], overrides: { epochs: 1, sleepMs: 1 } }));
      expect(created.status, created.text).toBe(201);
      const { id } = JSON.parse(created.text) as { id: string };
      ids.push(id);
      const read = JSON.parse((await send(`${dash.url}/api/sweeps/${id}`, { headers: auth })).text) as { name: string };
      expect(read.name).toBe(name);
    }
    expect(await prisma.trial.count({ where: { sweepId: { in: ids } } })).toBe(names.length); // the tables are all still there
    // Hostile ids in the path are 404s, not database errors.
    for (const bad of [`' OR '1'='1`, `1; DROP TABLE "Sweep"`, "00000000-0000-0000-0000-000000000000"]) {
      const response = await send(`${dash.url}/api/sweeps/${encodeURIComponent(bad)}`, { headers: auth });
      expect(response.status, `${bad} -> ${response.text}`).toBe(404);
    }
    summaryLine("api-sql-input", { load: names.length, faults: 0, inputs: names.length + 3, lost: 0, duplicated: 0 });
  });

  it("a real CSV download has no cell a spreadsheet would run as a formula", async () => {
    const created = await postSpec(
      JSON.stringify({ name: "=HYPERLINK(\"http://evil\")", benchmark: "fashion-mnist-mlp", seeds: [0, 1, 2], activations: ["gelu", "relu", { name: "e-gem", N: 1, eps: 0.01 }], overrides: { epochs: 1 } }),
    );
    expect(created.status, created.text).toBe(201);
    const { id } = JSON.parse(created.text) as { id: string };
    // Results as a worker writes them (real stores); relu below the baseline, so deltas are negative.
    await seedResults(prisma, id, {
      workerId: unique("csv-seeder"),
      epochs: 1,
      metricOf: (t) => (t.activation === "relu" ? 0.8 : t.activation === "gelu" ? 0.85 : 0.86) + t.seed * 0.001,
    });
    const response = await send(`${dash.url}/api/sweeps/${id}/table?format=csv`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="HYPERLINK-http-evil-table\.csv"/);
    const rows = parse(response.text, { record_delimiter: "\r\n" }) as string[][]; // RFC 4180: CRLF rows
    const header = rows[0]!;
    const numeric = new Set(["n", "mean", "std", "ci95_low", "ci95_high", "delta", "p_value", "p_holm", "failed", "pending"]);
    let negativeNumbers = 0;
    for (const row of rows.slice(1)) {
      row.forEach((cell, i) => {
        if (!/^[=+\-@\t\r]/.test(cell)) return;
        // Only a plain number may start with - (a negative delta); any text cell must be neutralized.
        expect(numeric.has(header[i]!) && Number.isFinite(Number(cell)), `${header[i]}=${cell}`).toBe(true);
        negativeNumbers += 1;
      });
    }
    expect(negativeNumbers).toBeGreaterThan(0); // the check above ran on real negative deltas
    summaryLine("api-csv-export", { load: 9, faults: 0, inputs: rows.length - 1, lost: 0, duplicated: 0 });
  });
});
