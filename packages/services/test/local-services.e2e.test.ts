import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../../..");
const bin = path.join(root, "apps/cli/bin/gemsweep.js");

// Its own state directory and ports, so killing these services never disturbs the suite's own.
const stateDir = mkdtempSync(path.join(tmpdir(), "gemsweep-services-"));
const env = {
  ...process.env,
  GEMSWEEP_STATE_DIR: stateDir,
  GEMSWEEP_REDIS_PORT: "6397",
  GEMSWEEP_PG_PORT: "5447",
  REDIS_URL: "",
  DATABASE_URL: "",
};

async function gemsweep(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env, cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface Health {
  name: string;
  healthy: boolean;
  pid?: number;
}

async function status(): Promise<{ code: number; rows: Health[] }> {
  const result = await gemsweep("services", "status", "--json");
  return { code: result.code, rows: JSON.parse(result.stdout) as Health[] };
}

afterAll(async () => {
  await gemsweep("services", "down");
  rmSync(stateDir, { recursive: true, force: true });
});

describe("gemsweep services", () => {
  it("up starts Redis and PostgreSQL, status reports both healthy, up again is a no-op", async () => {
    const up = await gemsweep("services", "up");
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const first = await status();
    expect(first.code).toBe(0);
    expect(first.rows.map((row) => [row.name, row.healthy])).toEqual([
      ["redis", true],
      ["postgres", true],
    ]);
    expect((await gemsweep("services", "up")).code).toBe(0);
    const second = await status();
    expect(second.rows.map((row) => row.pid)).toEqual(first.rows.map((row) => row.pid));
  });

  it("recovers after both services are SIGKILLed", async () => {
    const before = await status();
    for (const row of before.rows) process.kill(row.pid!, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const dead = await status();
    expect(dead.code).toBe(1);
    expect(dead.rows.every((row) => !row.healthy)).toBe(true);
    expect((await gemsweep("services", "up")).code).toBe(0);
    const after = await status();
    expect(after.code).toBe(0);
    expect(after.rows.every((row) => row.healthy)).toBe(true);
  });

  it("restarts a Redis that answers but refuses writes (its data folder vanished)", async () => {
    rmSync(path.join(stateDir, "redis"), { recursive: true, force: true });
    const client = new Redis("redis://127.0.0.1:6397", { maxRetriesPerRequest: 1 });
    await client.bgsave().catch(() => undefined); // fails: the folder is gone, so Redis stops taking writes
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await expect(client.set("k", "v")).rejects.toThrow(/MISCONF/);
    client.disconnect();
    const broken = await status();
    expect(broken.code).toBe(1);
    expect(broken.rows.find((row) => row.name === "redis")!.healthy).toBe(false);
    expect((await gemsweep("services", "up")).code).toBe(0);
    const after = await status();
    expect(after.code).toBe(0);
    expect(after.rows.every((row) => row.healthy)).toBe(true);
  });

  it("down stops both; status then exits 1", async () => {
    expect((await gemsweep("services", "down")).code).toBe(0);
    const down = await status();
    expect(down.code).toBe(1);
    expect(down.rows.some((row) => row.healthy)).toBe(false);
  });

  it("names the install commands when redis-server is missing", async () => {
    const missing = await run(process.execPath, [bin, "services", "up"], {
      env: { ...env, GEMSWEEP_REDIS_SERVER: "/nonexistent/redis-server" },
      cwd: root,
    }).catch((error: { code: number; stderr: string }) => error);
    expect("code" in missing ? missing.code : 0).toBe(1);
    const stderr = "stderr" in missing ? missing.stderr : "";
    expect(stderr).toMatch(/redis-server \(GEMSWEEP_REDIS_SERVER=\/nonexistent\/redis-server\) was not found\. Install it:/);
    expect(stderr).toContain("Debian/Ubuntu: sudo apt-get install -y redis-server");
    expect(stderr).toContain("Homebrew:      brew install redis");
  });
});
