import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { rolldown, type OutputChunk } from "rolldown";
import { bundleWorkspaceSources } from "./bundle-workspace-sources.js";
import { checkSideEffectFree, moduleSideEffectsUnder } from "./side-effect-free-modules.js";
import { BUILD_INPUTS, CLI_DIR, DIST_DIR, REPO_ROOT, staleBuildReason } from "./stale-build.js";

/** Files that shape the bundle besides its sources: the build itself and the compiler settings. */
const BUILD_FILES = [
  "apps/cli/build/build-cli.ts",
  "apps/cli/build/bundle-workspace-sources.ts",
  "apps/cli/build/side-effect-free-modules.ts",
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
 * every command's dependencies, tfjs included. The bundle (rolldown) is plain JavaScript, split
 * per dynamic import into chunks that hold only the modules each command uses; npm packages stay
 * imports (bundle-workspace-sources.ts). Written whole before the old files go, and
 * build-inputs.json last, so an interrupted build is never taken for a current one.
 */
export async function buildCli(): Promise<{ outputs: string[]; seconds: number }> {
  const started = performance.now();
  checkSideEffectFree(REPO_ROOT);
  rmSync(BUILD_INPUTS, { force: true });
  const sources: string[] = [];
  const bundle = await rolldown({
    cwd: REPO_ROOT,
    input: { main: path.join(CLI_DIR, "src/main.ts") },
    platform: "node",
    logLevel: "warn",
    treeshake: { moduleSideEffects: moduleSideEffectsUnder(REPO_ROOT) },
    plugins: [
      bundleWorkspaceSources(DIST_DIR),
      {
        name: "record-sources",
        buildEnd() {
          sources.push(...this.getModuleIds());
        },
      },
    ],
  });
  const { output } = await bundle.generate({
    dir: DIST_DIR,
    format: "esm",
    entryFileNames: "[name].js",
    chunkFileNames: "[name]-[hash].js",
    sourcemap: true, // read only under GEMSWEEP_DEBUG (bin/gemsweep.js)
  });
  await bundle.close();
  mkdirSync(DIST_DIR, { recursive: true });
  const outputs = output.map((file) => file.fileName);
  const nested = outputs.filter((file) => file.includes("/"));
  if (nested.length > 0) throw new Error(`the CLI bundle must be flat, got ${nested.join(", ")}`);
  // the entry last: a CLI started meanwhile finds every chunk the new entry names
  const isEntry = (file: (typeof output)[number]) =>
    file.type === "chunk" && (file as OutputChunk).isEntry;
  for (const file of [...output].sort((a, b) => Number(isEntry(a)) - Number(isEntry(b)))) {
    writeFileSync(
      path.join(DIST_DIR, file.fileName),
      file.type === "chunk" ? file.code : file.source,
    );
  }
  for (const old of readdirSync(DIST_DIR)) {
    if (!outputs.includes(old)) rmSync(path.join(DIST_DIR, old), { force: true });
  }
  const workspaceSources = sources
    .filter((id) => path.isAbsolute(id) && !id.split(path.sep).includes("node_modules"))
    .map((id) => path.relative(REPO_ROOT, id).split(path.sep).join("/"));
  const packageJsons = workspaceSources.map(packageJsonOf).filter((file) => file !== undefined);
  const inputs = [...new Set([...workspaceSources, ...packageJsons, ...BUILD_FILES])].sort();
  writeFileSync(BUILD_INPUTS, `${JSON.stringify({ inputs }, null, 1)}\n`);
  return { outputs, seconds: (performance.now() - started) / 1000 };
}

/** Builds the CLI when it is missing or stale; says why it built, or nothing. */
export async function ensureCurrentCliBuild(): Promise<string | undefined> {
  const reason = staleBuildReason();
  if (reason !== undefined) await buildCli();
  return reason;
}
