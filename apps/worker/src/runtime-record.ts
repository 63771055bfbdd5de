// Why: the half of an attempt's reproducibility record that is the same for every attempt of this process, gathered once at start.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ReproRecord } from "@gemsweep/contracts";
import { TFJS_VERSION } from "@gemsweep/trainer";

/** The repository this worker's code lives in (the bundle's modules keep their source locations). */
const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export type RuntimeRecord = Pick<
  ReproRecord,
  | "gitCommit"
  | "gitDirty"
  | "gemsweepVersion"
  | "tfjsVersion"
  | "nodeVersion"
  | "lockfileSha256"
  | "backend"
  | "device"
  | "workerId"
>;

function git(args: string[]): string | null {
  try {
    return execFileSync("git", ["-C", REPO_ROOT, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 10_000,
    }).trim();
  } catch {
    return null; // no git, or not a checkout (an image): GEMSWEEP_GIT_COMMIT says it
  }
}

function fileText(file: string): string | null {
  try {
    return readFileSync(path.join(REPO_ROOT, file), "utf8");
  } catch {
    return null;
  }
}

/**
 * The commit the code is at and whether tracked files differ from it (git; else
 * GEMSWEEP_GIT_COMMIT / GEMSWEEP_GIT_DIRTY, which images can set at build time), GemSweep's
 * version (the root package.json), tfjs' and Node's, package-lock.json's sha256, and the backend
 * and device this worker trains on.
 */
export function runtimeRecord(worker: {
  workerId: string;
  backend: string;
  device: string;
}): RuntimeRecord {
  const commit = git(["rev-parse", "HEAD"]);
  const status = commit === null ? null : git(["status", "--porcelain", "--untracked-files=no"]);
  const envDirty = process.env.GEMSWEEP_GIT_DIRTY;
  const lockfile = fileText("package-lock.json");
  const manifest = fileText("package.json");
  return {
    gitCommit: commit ?? process.env.GEMSWEEP_GIT_COMMIT ?? null,
    gitDirty:
      status !== null
        ? status !== ""
        : envDirty === undefined
          ? null
          : envDirty === "1" || envDirty === "true",
    gemsweepVersion: manifest
      ? String((JSON.parse(manifest) as { version?: string }).version ?? "unknown")
      : "unknown",
    tfjsVersion: TFJS_VERSION,
    nodeVersion: process.version,
    lockfileSha256: lockfile === null ? null : createHash("sha256").update(lockfile).digest("hex"),
    backend: worker.backend,
    device: worker.device,
    workerId: worker.workerId,
  };
}
