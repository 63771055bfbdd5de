import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";
import { bundleWorkspaceSources } from "./bundle-workspace-sources.js";
import { BUILD_INPUTS, CLI_DIR, DIST_DIR, REPO_ROOT, staleBuildReason } from "./stale-build.js";

/** Files that shape the bundle besides its sources: the build itself and the compiler settings. */
const BUILD_FILES = [
  "apps/cli/build/build-cli.ts",
  "apps/cli/build/bundle-workspace-sources.ts",
  "apps/cli/build/stale-build.js",
  "tsconfig.base.json",
];

/** The nearest package.json above a source file: its exports decide what `@gemsweep/x` resolves to. */
function packageJsonOf(file: string): string | undefined {
  for (let dir = path.dirname(file); dir !== "." && dir !== "/"; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "package.json");
    if (existsSync(path.join(REPO_ROOT, candidate))) return candidate;
  }
  return undefined;
}

/**
 * Why a build: a `gemsweep` call used to transpile every TypeScript file it loaded (tsx) and load
 * every command's dependencies, tfjs included. The bundle is plain JavaScript, split per dynamic
 * import, so a command loads its own code and nothing else; npm packages stay external
 * (bundle-workspace-sources.ts). Written whole before the old files go, and build-inputs.json
 * last, so an interrupted build is never taken for a current one.
 */
export async function buildCli(): Promise<{ outputs: string[]; seconds: number }> {
  const started = performance.now();
  rmSync(BUILD_INPUTS, { force: true });
  const result = await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { main: path.join(CLI_DIR, "src/main.ts") },
    outdir: DIST_DIR,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    chunkNames: "[name]-[hash]",
    sourcemap: true, // read only under GEMSWEEP_DEBUG (bin/gemsweep.js)
    metafile: true,
    write: false,
    logLevel: "warning",
    plugins: [bundleWorkspaceSources(DIST_DIR)],
  });
  mkdirSync(DIST_DIR, { recursive: true });
  const outputs = result.outputFiles.map((file) => path.relative(DIST_DIR, file.path));
  const nested = outputs.filter((file) => file.includes(path.sep));
  if (nested.length > 0) throw new Error(`the CLI bundle must be flat, got ${nested.join(", ")}`);
  // the entry last: a CLI started meanwhile finds every chunk the new entry names
  const entryLast = [...result.outputFiles].sort(
    (a, b) => Number(a.path.endsWith("main.js")) - Number(b.path.endsWith("main.js")),
  );
  for (const file of entryLast) writeFileSync(file.path, file.contents);
  for (const old of readdirSync(DIST_DIR)) {
    if (!outputs.includes(old)) rmSync(path.join(DIST_DIR, old), { force: true });
  }
  const sources = Object.keys(result.metafile.inputs);
  const packageJsons = sources.map(packageJsonOf).filter((file) => file !== undefined);
  const inputs = [...new Set([...sources, ...packageJsons, ...BUILD_FILES])].sort();
  writeFileSync(BUILD_INPUTS, `${JSON.stringify({ inputs }, null, 1)}\n`);
  return { outputs, seconds: (performance.now() - started) / 1000 };
}

/** Builds the CLI when it is missing or stale; says why it built, or nothing. */
export async function ensureCurrentCliBuild(): Promise<string | undefined> {
  const reason = staleBuildReason();
  if (reason !== undefined) await buildCli();
  return reason;
}
