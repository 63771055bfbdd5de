// Why: `webgpu` (Dawn) is an optional dependency: `npm ci` installs it where it can and still succeeds where it cannot.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { read } from "./deploy-files.js";

const run = promisify(execFile);
type Lock = {
  packages: Record<
    string,
    { version?: string; dependencies?: Record<string, string>; optional?: boolean; dev?: boolean }
  >;
};

const rootPackage = JSON.parse(read("package.json")) as {
  optionalDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const lock = JSON.parse(read("package-lock.json")) as Lock;
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A project declaring `webgpu` as the repository does (or as a plain dependency), locked with the repository's lock entries. */
function projectWith(kind: "optionalDependencies" | "dependencies"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gemsweep-webgpu-optional-"));
  dirs.push(dir);
  const version = rootPackage.optionalDependencies!["webgpu"]!;
  const packages: Lock["packages"] = {
    "": { [kind]: { webgpu: version } } as Lock["packages"][string],
  };
  // Node's lookup in the lock: `from/node_modules/name`, then each folder above, then the root's.
  const locate = (name: string, from: string): string | undefined => {
    for (let at = from; ; at = at.slice(0, Math.max(0, at.lastIndexOf("/node_modules/")))) {
      const key = `${at ? `${at}/` : ""}node_modules/${name}`;
      if (lock.packages[key]) return key;
      if (!at) return undefined;
    }
  };
  const include = (key: string) => {
    const entry = lock.packages[key]!;
    if (packages[key]) return;
    packages[key] = {
      ...entry,
      ...(kind === "optionalDependencies" ? { optional: true } : { optional: undefined }),
      dev: undefined,
    };
    for (const dep of Object.keys(entry.dependencies ?? {})) {
      const found = locate(dep, key);
      if (!found) throw new Error(`${dep} (needed by ${key}) is not in package-lock.json`);
      include(found);
    }
  };
  include("node_modules/webgpu");
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      {
        name: "webgpu-optional-check",
        version: "1.0.0",
        private: true,
        [kind]: { webgpu: version },
      },
      null,
      2,
    ),
  );
  writeFileSync(
    path.join(dir, "package-lock.json"),
    JSON.stringify(
      {
        name: "webgpu-optional-check",
        version: "1.0.0",
        lockfileVersion: 3,
        requires: true,
        packages,
      },
      null,
      2,
    ),
  );
  return dir;
}

/** `npm ci` where no package can be fetched: offline, with an empty cache (never downloads). */
async function npmCiWithoutRegistry(dir: string): Promise<{ code: number; output: string }> {
  const cache = mkdtempSync(path.join(os.tmpdir(), "gemsweep-empty-npm-cache-"));
  dirs.push(cache);
  try {
    const { stdout, stderr } = await run(
      "npm",
      ["ci", "--offline", "--cache", cache, "--no-audit", "--no-fund", "--ignore-scripts"],
      { cwd: dir, timeout: 120_000 },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === "number" ? e.code : 1,
      output: (e.stdout ?? "") + (e.stderr ?? ""),
    };
  }
}

describe("webgpu as an optional dependency", () => {
  it("is declared in optionalDependencies at an exact version, not in dependencies, and locked as optional", () => {
    expect(rootPackage.optionalDependencies?.["webgpu"]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(rootPackage.dependencies?.["webgpu"]).toBeUndefined();
    expect(rootPackage.devDependencies?.["webgpu"]).toBeUndefined();
    const entry = lock.packages["node_modules/webgpu"];
    expect(entry?.version).toBe(rootPackage.optionalDependencies?.["webgpu"]);
    expect(entry?.optional).toBe(true);
  });

  it("npm ci still succeeds where webgpu cannot be installed (and skips it)", async () => {
    const dir = projectWith("optionalDependencies");
    const result = await npmCiWithoutRegistry(dir);
    expect(result.code, result.output).toBe(0);
    expect(existsSync(path.join(dir, "node_modules/webgpu")), "skipped, not half-installed").toBe(
      false,
    );
  }, 150_000);

  it("whereas as a plain dependency the same npm ci fails: the declaration is what makes it optional", async () => {
    const result = await npmCiWithoutRegistry(projectWith("dependencies"));
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toContain("ENOTCACHED");
  }, 150_000);
});
