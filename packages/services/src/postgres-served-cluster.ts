// Why: a PostgreSQL answering on our port may be another clone's (both use the default port);
// the folder it serves, or our postmaster.pid after a clone moved, says whose it is.
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/** The data folder of the server answering at `url`, as it was started (links not resolved). */
export async function servedDataDir(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const result = await client.query<{ dir: string }>(
      "SELECT current_setting('data_directory') AS dir",
    );
    return result.rows[0]?.dir ?? "";
  } finally {
    await client.end();
  }
}

/**
 * true when `dataDir`'s postmaster.pid names a live server on `port`: the server that runs this
 * cluster, even when it was started from a path that no longer exists (the clone was moved).
 */
export function postmasterRunsFrom(dataDir: string, port: number): boolean {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return false;
  }
  // postmaster.pid: pid, data folder, start time, port, ...
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || Number(lines[3]) !== port) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, another user's
  }
}
