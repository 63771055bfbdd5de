// Why: puts the migration command into Next's standalone output (one ESM file + the SQL), so the dashboard image migrates without the repository's sources.
import { cpSync, rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { DASHBOARD_DIR, REPO_ROOT } from "./dashboard-paths.js";

/** Where the standalone server lives (its folder mirrors the repository: apps/dashboard/server.js). */
export const STANDALONE_APP_DIR = path.join(DASHBOARD_DIR, ".next/standalone/apps/dashboard");
export const MIGRATOR_FILE = path.join(STANDALONE_APP_DIR, "migrate-database.mjs");

/**
 * Bundles tools/migrate-database.ts into the standalone app folder with prisma/migrations beside
 * it. `pg` stays external: the standalone server's traced node_modules already has it.
 */
export async function bundleMigrator(): Promise<string> {
  await build({
    entryPoints: [path.join(DASHBOARD_DIR, "tools/migrate-database.ts")],
    outfile: MIGRATOR_FILE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["pg"],
    logLevel: "warning",
  });
  const migrations = path.join(STANDALONE_APP_DIR, "migrations");
  rmSync(migrations, { recursive: true, force: true });
  cpSync(path.join(REPO_ROOT, "prisma/migrations"), migrations, { recursive: true });
  return MIGRATOR_FILE;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  console.log(`bundled ${path.relative(REPO_ROOT, await bundleMigrator())}`);
}
