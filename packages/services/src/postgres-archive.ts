// Why: the system of record is backed up with PostgreSQL's own tools (pg_dump's custom format,
// pg_restore), taken from the bin folder the embedded server runs from, so the versions match.
import { execFile } from "node:child_process";
import { realpathSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { isExecutable } from "./find-executable.js";
import { MissingBinaryError } from "./missing-binary-error.js";
import { postgresBinDir } from "./postgres-binaries.js";

/** What a custom-format archive holds, as pg_restore --list says. */
export interface ArchiveContents {
  /** the database it was dumped from */
  database: string;
  /** the server version it was dumped from ("15.10") */
  serverVersion: string;
  /** entries of type TABLE DATA */
  tables: number;
}

/**
 * A PostgreSQL client tool (pg_dump, pg_restore) from the server's own bin folder, or from the
 * folder the server binary really lives in when that folder holds links (a PATH folder linking
 * to /usr/lib/postgresql/<version>/bin): the same installation, so the same version.
 */
export function postgresTool(tool: "pg_dump" | "pg_restore"): string {
  const bin = postgresBinDir();
  const candidates = [path.join(bin, tool)];
  try {
    candidates.push(path.join(path.dirname(realpathSync(path.join(bin, "postgres"))), tool));
  } catch {
    // no server binary to follow: only the folder itself
  }
  const found = candidates.find(isExecutable);
  if (!found) {
    throw new MissingBinaryError(`${tool} next to the server in ${bin}`, [
      "Debian/Ubuntu: sudo apt-get install -y postgresql-client (the server's major version)",
      "or set GEMSWEEP_PG_BIN to a PostgreSQL bin folder that has the server and its client tools",
    ]);
  }
  return found;
}

/**
 * Runs a tool; `url`, when given, becomes its --dbname with any password moved to PGPASSWORD
 * (a command line is visible to every user of the machine).
 */
function run(tool: "pg_dump" | "pg_restore", args: string[], url?: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: "C" };
  if (url) {
    const parsed = new URL(url);
    if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = "";
    args = [...args, `--dbname=${parsed.toString()}`];
  }
  return new Promise((resolve, reject) => {
    execFile(postgresTool(tool), args, { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${tool} failed: ${String(stderr).trim() || error.message}`));
      else resolve(String(stdout));
    });
  });
}

/**
 * Dumps the database at `url` to `file` in pg_dump's custom format (compressed; pg_restore can
 * pick tables out of it), through a temporary name renamed at the end: a failed dump never
 * leaves a half-written file where a backup is expected. pg_dump reads one consistent snapshot,
 * so workers may keep writing meanwhile. Returns the file's size.
 */
export async function dumpToArchive(url: string, file: string): Promise<{ bytes: number }> {
  const partial = `${file}.partial`;
  try {
    await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${partial}`], url);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return { bytes: statSync(file).size };
}

/** What `file` holds; rejects when it is not a pg_dump custom-format archive. */
export async function readArchiveContents(file: string): Promise<ArchiveContents> {
  const listing = await run("pg_restore", ["--list", file]);
  return {
    database: /^;\s+dbname:\s*(.+)$/m.exec(listing)?.[1]?.trim() ?? "",
    serverVersion: /^;\s+Dumped from database version:\s*(.+)$/m.exec(listing)?.[1]?.trim() ?? "",
    tables: listing.split("\n").filter((line) => /^\d+;.* TABLE DATA /.test(line)).length,
  };
}

/** Restores `file` into the (empty) database at `url`, stopping at the first error. */
export async function restoreArchive(url: string, file: string): Promise<void> {
  await run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", file], url);
}
