import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BUILD_ID_FILE, DASHBOARD_DIR, NEXT_BIN, REPO_ROOT } from "./dashboard-paths.js";

// Everything the production build is compiled from: the app and the workspace sources it bundles.
const INPUTS = [
  "apps/dashboard/src",
  "apps/dashboard/next.config.ts",
  "apps/dashboard/package.json",
  "packages/core/src",
  "packages/db/src",
  "packages/services/src",
];

function newestMtime(target: string): number {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's mtime
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Whether .next holds a production build newer than every source it was built from. */
export function buildIsFresh(): boolean {
  let built: number;
  try {
    built = statSync(BUILD_ID_FILE).mtimeMs;
  } catch {
    return false;
  }
  return INPUTS.every((input) => newestMtime(path.join(REPO_ROOT, input)) <= built);
}

const LOCK_DIR = path.join(os.tmpdir(), `gemsweep-dashboard-build-${Buffer.from(DASHBOARD_DIR).toString("base64url").slice(-40)}.lock`);
const LOCK_STALE_MS = 15 * 60_000;

async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  // mkdir is atomic: concurrent test runs in one checkout build once, the others wait.
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch {
      try {
        if (Date.now() - statSync(LOCK_DIR).mtimeMs > LOCK_STALE_MS) rmSync(LOCK_DIR, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/** `next build --webpack` in apps/dashboard; rejects with the build's output tail on failure. */
export function runNextBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, "build", "--webpack"], {
      cwd: DASHBOARD_DIR,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code}):\n${output}`))));
  });
}

/** Builds the dashboard for production unless a fresh build is already there. */
export async function ensureBuild(): Promise<"fresh" | "built"> {
  if (buildIsFresh()) return "fresh";
  return withBuildLock(async () => {
    if (buildIsFresh()) return "fresh"; // another run built it while we waited
    await runNextBuild();
    return "built";
  });
}
