// Why: the dashboard image runs Next's standalone output and its bundled migrator: both must work from the traced files alone.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../../packages/db/test/test-database.js";
import { bundleMigrator, MIGRATOR_FILE, STANDALONE_APP_DIR } from "../tools/bundle-migrator.js";
import { DASHBOARD_DIR, REPO_ROOT } from "../tools/dashboard-paths.js";
import { ensureBuild } from "../tools/ensure-build.js";
import { freePort } from "../tools/free-port.js";
import { send, START_TIMEOUT_MS } from "./support/test-dashboard.js";

const STANDALONE = path.join(DASHBOARD_DIR, ".next/standalone");
const SERVER = path.join(STANDALONE_APP_DIR, "server.js");

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let server: ChildProcess | undefined;
let url = "";
let output = "";
const loadedFilesAt = path.join(
  mkdtempSync(path.join(os.tmpdir(), "gemsweep-standalone-")),
  "loaded.json",
);

/** Records every CommonJS module the server loaded (Next's server is CommonJS), written at exit. */
const RECORDER = `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(loadedFilesAt)}, JSON.stringify(Object.keys(require.cache))));`;

beforeAll(async () => {
  await ensureBuild();
  await bundleMigrator();
  // as docker/Dockerfile.dashboard does: the static assets next to the standalone server
  cpSync(path.join(DASHBOARD_DIR, ".next/static"), path.join(STANDALONE_APP_DIR, ".next/static"), {
    recursive: true,
  });
  scratch = await createScratchDatabase();
}, START_TIMEOUT_MS);

afterAll(async () => {
  if (server?.pid !== undefined && server.exitCode === null) {
    const gone = new Promise((resolve) => server!.once("exit", resolve));
    process.kill(server.pid, "SIGTERM");
    await gone;
  }
  await scratch?.drop();
}, 60_000);

describe("the dashboard's standalone output (what the image runs)", () => {
  it("the bundled migrator applies every migration to an empty database, then none", () => {
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: "production" as const,
      DATABASE_URL: scratch.url,
    };
    const first = spawnSync(process.execPath, [MIGRATOR_FILE], {
      env,
      encoding: "utf8",
      cwd: os.tmpdir(),
    });
    expect(first.stderr).toBe("");
    const total = readdirSync(path.join(REPO_ROOT, "prisma/migrations"), {
      withFileTypes: true,
    }).filter((d) => d.isDirectory()).length;
    expect(first.stdout).toContain(`migrations: ${total} applied, ${total} in all`);
    expect(first.status).toBe(0);
    const again = spawnSync(process.execPath, [MIGRATOR_FILE], {
      env,
      encoding: "utf8",
      cwd: os.tmpdir(),
    });
    expect(again.stdout).toContain(`migrations: 0 applied, ${total} in all`);
    const missing = spawnSync(process.execPath, [MIGRATOR_FILE], {
      env: { PATH: process.env.PATH, NODE_ENV: "production" as const },
      encoding: "utf8",
    });
    expect(missing.status).toBe(2);
  });

  it("node .next/standalone/apps/dashboard/server.js serves the pages, their assets and the API on that database", async () => {
    const port = await freePort();
    const recorder = path.join(path.dirname(loadedFilesAt), "record-modules.cjs");
    writeFileSync(recorder, RECORDER);
    server = spawn(process.execPath, ["--require", recorder, SERVER], {
      cwd: os.tmpdir(), // the server chdirs to its own folder
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        REDIS_URL: process.env.REDIS_URL,
        DATABASE_URL: scratch.url,
        GEMSWEEP_QUEUE: `standalone-${randomUUID()}`,
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    server.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    while (
      !(await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline || server.exitCode !== null)
        throw new Error(`standalone server did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const home = await send(`${url}/`);
    expect(home.status).toBe(200);
    expect(home.text).toContain("GemSweep");
    const assets = [...home.text.matchAll(/\/_next\/static\/[^"']+\.(?:js|css)/g)].map((m) => m[0]);
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets.slice(0, 6))
      expect((await fetch(`${url}${asset}`)).status, asset).toBe(200);
    expect((await send(`${url}/docs/api`)).status).toBe(200);
    expect((await send(`${url}/compare`)).status).toBe(200);
    const created = await send(`${url}/api/sweeps`, {
      method: "POST",
      headers: { "content-type": "application/yaml" },
      body: "name: standalone\nbenchmark: sleep\nseeds: [0]\nbaseline: relu\nactivations: [relu, gelu]\n",
    });
    expect(created.status, created.text).toBe(201);
    const { id } = created.json<{ id: string }>();
    const table = await send(`${url}/api/sweeps/${id}/table`);
    expect(table.json<{ rows: { key: string }[] }>().rows.map((r) => r.key)).toEqual([
      "relu",
      "gelu",
    ]);
    expect((await send(`${url}/api/openapi.json`)).json<{ openapi: string }>().openapi).toBe(
      "3.1.0",
    );
  });

  it("loads its code from the standalone folder, which holds no dev dependency and no client-only package", async () => {
    const gone = new Promise((resolve) => server!.once("exit", resolve));
    process.kill(server!.pid!, "SIGTERM");
    await gone;
    const loaded = (JSON.parse(readFileSync(loadedFilesAt, "utf8")) as string[]).filter((f) =>
      f.startsWith("/"),
    );
    // The one outside: the generated Prisma client, required by the absolute path it was built at
    // (the image builds and runs in /app, so there it is the standalone copy, checked below).
    const outside = loaded.filter(
      (f) =>
        !f.startsWith(STANDALONE + path.sep) &&
        !f.startsWith(path.join(REPO_ROOT, "packages/db/generated/client") + path.sep) &&
        f !== path.join(path.dirname(loadedFilesAt), "record-modules.cjs"),
    );
    expect(outside).toEqual([]);
    expect(loaded.some((f) => f.startsWith(path.join(STANDALONE, "node_modules/next/")))).toBe(
      true,
    );
    for (const file of [
      "packages/db/generated/client/index.js",
      "packages/db/generated/client/query_compiler_bg.wasm",
      "packages/db/generated/client/runtime/client.js",
      "node_modules/@prisma/adapter-pg/package.json",
      "node_modules/pg/package.json",
      "node_modules/bullmq/package.json",
    ]) {
      expect(existsSync(path.join(STANDALONE, file)), file).toBe(true);
    }
    for (const devOnly of [
      "vitest",
      "typescript",
      "playwright-core",
      "@redocly",
      "openapi-typescript",
      "eslint",
      "swagger-ui-react",
      "webgpu",
      "@tensorflow",
    ]) {
      expect(existsSync(path.join(STANDALONE, "node_modules", devOnly)), devOnly).toBe(false);
    }
    rmSync(path.dirname(loadedFilesAt), { recursive: true, force: true });
  });
});
