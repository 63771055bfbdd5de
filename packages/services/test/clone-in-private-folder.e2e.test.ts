// Why: a clone in a folder other users cannot enter (root's 0700 home, a `mktemp -d` folder)
// must run the demo path, although as root PostgreSQL runs as `postgres`, who cannot enter it.
import { execFile } from "node:child_process";
import {
  cpSync,
  lstatSync,
  mkdtempSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { freePorts } from "./support/free-ports.js";

const execFileAsync = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../../..");
const bin = path.join(root, "apps/cli/bin/gemsweep.js");
const asRoot = process.getuid?.() === 0;

// mkdtemp makes the folder 0700: only its owner may enter it, as in /root.
const privateFolder = mkdtempSync(path.join(tmpdir(), "gemsweep-private-clone-"));
const otherPrivateFolder = mkdtempSync(path.join(tmpdir(), "gemsweep-private-clone-"));
const stateDir = path.join(privateFolder, "state");
const [redisPort, postgresPort] = await freePorts(2);
const env = {
  ...process.env,
  GEMSWEEP_STATE_DIR: stateDir,
  GEMSWEEP_REDIS_PORT: String(redisPort),
  GEMSWEEP_PG_PORT: String(postgresPort),
  GEMSWEEP_DOWNLOAD: "0", // Fashion-MNIST comes from disk (scripts/setup.sh), never the network
  REDIS_URL: "",
  DATABASE_URL: "",
};

interface Health {
  name: string;
  healthy: boolean;
  pid?: number;
  dataDir?: string;
}

async function gemsweep(
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [bin, ...args], {
      env: { ...env, ...extraEnv },
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function status(): Promise<{ code: number; rows: Health[] }> {
  const result = await gemsweep(["services", "status", "--json"]);
  return { code: result.code, rows: JSON.parse(result.stdout) as Health[] };
}

let clusterFolder: string | undefined;

afterAll(async () => {
  await gemsweep(["services", "down"]);
  if (clusterFolder && !clusterFolder.startsWith(privateFolder))
    rmSync(clusterFolder, { recursive: true, force: true });
  rmSync(privateFolder, { recursive: true, force: true });
  rmSync(otherPrivateFolder, { recursive: true, force: true });
});

describe("a clone in a folder only its owner can enter", () => {
  it("services up starts Redis and PostgreSQL; the cluster is where the server's user can reach it", async () => {
    expect(statSync(privateFolder).mode & 0o777).toBe(0o700);
    const up = await gemsweep(["services", "up"]);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const { code, rows } = await status();
    expect(code).toBe(0);
    expect(rows.map((row) => [row.name, row.healthy])).toEqual([
      ["redis", true],
      ["postgres", true],
    ]);
    const postgres = rows.find((row) => row.name === "postgres")!;
    clusterFolder = path.dirname(postgres.dataDir!);
    const link = path.join(stateDir, "postgres");
    if (asRoot) {
      // the server runs as `postgres`, who cannot enter privateFolder: the cluster lives outside
      // it, and <state>/postgres links to it so it can be found
      expect(clusterFolder.startsWith(realpathSync(privateFolder))).toBe(false);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readlinkSync(link)).toBe(clusterFolder);
      expect(statSync(postgres.dataDir!).uid).not.toBe(0);
    } else {
      // the server runs as ourselves, who can enter our own folder: the cluster stays in it
      expect(clusterFolder).toBe(link);
      expect(lstatSync(link).isDirectory()).toBe(true);
    }
  });

  it("a copy of the clone gets a cluster of its own and leaves the original's services alone", async () => {
    const copy = path.join(otherPrivateFolder, "state");
    cpSync(stateDir, copy, { recursive: true, verbatimSymlinks: true }); // cp -a: a link stays a link
    const copyEnv = { GEMSWEEP_STATE_DIR: copy };
    const before = await status();
    const copyStatus = await gemsweep(["services", "status", "--json"], copyEnv);
    const copyRows = JSON.parse(copyStatus.stdout) as Health[];
    for (const row of copyRows) {
      const original = before.rows.find((r) => r.name === row.name)!;
      expect(row.dataDir, row.name).not.toBe(original.dataDir);
    }
    // same ports: up and down are refused, naming the state folder that holds them
    const refusal = new RegExp(
      `port \\d+ is served by .*, not by this state folder's .*GEMSWEEP_STATE_DIR=\\S*${path.basename(privateFolder)}/state gemsweep services down`,
    );
    const up = await gemsweep(["services", "up"], copyEnv);
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(refusal);
    const down = await gemsweep(["services", "down"], copyEnv);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(refusal);
    const after = await status();
    expect(after.code).toBe(0);
    expect(after.rows.map((row) => row.pid)).toEqual(before.rows.map((row) => row.pid));
  });

  it("gemsweep run trains a tiny Fashion-MNIST sweep and prints its table", async () => {
    const spec = path.join(privateFolder, "tiny-fashion.yaml");
    writeFileSync(
      spec,
      `name: private-clone-demo
benchmark: fashion-mnist-mlp
seeds: [0]
baseline: gelu
activations: [relu, gelu]
overrides: { epochs: 1, trainLimit: 512, testLimit: 256 }
`,
    );
    const out = path.join(privateFolder, "out");
    const run = await gemsweep(["run", spec, "--workers", "1", "--backend", "wasm", "--out", out]);
    expect(run.stderr).toMatch(/sweep \S+ COMPLETED: 2 completed, 0 stopped early, 0 diverged, 0 failed/);
    expect(run.code).toBe(0);
    // the Markdown table: one row per activation, the baseline marked
    expect(run.stdout).toMatch(/^\|\s*ReLU\s*\|/m);
    expect(run.stdout).toMatch(/^\|\s*GELU \(baseline\)\s*\|/m);
    expect(statSync(path.join(out, "table.csv")).size).toBeGreaterThan(0);
  });

  it("services down stops both; status then finds both down and exits 1", async () => {
    const down = await gemsweep(["services", "down"]);
    expect(down.code).toBe(0);
    const { code, rows } = await status();
    expect(code).toBe(1);
    expect(rows.some((row) => row.healthy)).toBe(false);
  });
});
