import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { dumpToArchive, restoreArchive } from "./postgres-archive.js";
import { postgresBinDir } from "./postgres-binaries.js";
import {
  locateCluster,
  prepareCluster,
  stateDirOfCluster,
  type ClusterLocation,
} from "./postgres-cluster-location.js";
import { postmasterRunsFrom, servedDataDir } from "./postgres-served-cluster.js";
import { sameFolder } from "./same-folder.js";
import type { ServiceConfig } from "./service-config.js";
import type { ServiceHealth } from "./service-health.js";
import { postgresRunAs, type UnixUser } from "./unprivileged-user.js";
import { waitUntil } from "./wait-until.js";

const SUPERUSER = "gemsweep";

/**
 * The embedded PostgreSQL: a real server cluster for stateDir, started with pg_ctl. The
 * cluster lives in stateDir/postgres, or, as root when the server's user cannot enter the
 * state folder, in a folder of its own that stateDir/postgres links to (postgres-cluster-location.ts).
 */
export class PostgresService {
  readonly url: string;

  constructor(private readonly config: ServiceConfig) {
    this.url = this.urlFor(config.database);
  }

  /** The cluster's folders as they are now (nothing is created). */
  get location(): ClusterLocation {
    return locateCluster(this.config.stateDir);
  }

  get dataDir(): string {
    return this.location.dataDir;
  }

  get logFile(): string {
    return this.location.logFile;
  }

  urlFor(database: string): string {
    return `postgresql://${SUPERUSER}@127.0.0.1:${this.config.postgresPort}/${database}`;
  }

  async start(): Promise<void> {
    if (await pingPostgres(this.urlFor("postgres"))) {
      await this.checkServesThisCluster(this.location);
    } else {
      const bin = postgresBinDir();
      const runAs = postgresRunAs();
      const location = prepareCluster(this.config.stateDir, runAs);
      if (!existsSync(path.join(location.dataDir, "PG_VERSION"))) this.initdb(bin, location, runAs);
      const options = [
        `-p ${this.config.postgresPort}`,
        "-c listen_addresses=127.0.0.1",
        "-c unix_socket_directories=''", // TCP only: no socket path length or permission surprises
        "-c max_connections=200",
        "-c fsync=on",
      ].join(" ");
      // pg_ctl copes with a stale postmaster.pid left by a killed server, so this also recovers.
      const result = run(
        bin,
        "pg_ctl",
        ["-D", location.dataDir, "-l", location.logFile, "-w", "-t", "60", "-o", options, "start"],
        runAs,
      );
      if (result.status !== 0) {
        throw new Error(
          `PostgreSQL failed to start (exit ${result.status}): ${result.output}\n${tail(location.logFile)}`,
        );
      }
      if (!(await waitUntil(() => pingPostgres(this.urlFor("postgres")), 30_000))) {
        throw new Error(
          `PostgreSQL did not answer on port ${this.config.postgresPort} within 30 s\n${tail(location.logFile)}`,
        );
      }
    }
    await this.ensureDatabase(this.config.database);
  }

  /**
   * A server already answering on our port must run this state folder's cluster: another
   * clone's (or another GEMSWEEP_STATE_DIR's) on the same port would otherwise be used silently.
   * Ours: it serves our data folder, or serves a folder that no longer exists while our
   * postmaster.pid names it (the clone was moved while its server ran; a copy made while it ran
   * has that postmaster.pid too, but then the original's folder still exists).
   */
  private async checkServesThisCluster(location: ClusterLocation): Promise<void> {
    const served = await servedDataDir(this.urlFor("postgres"));
    if (sameFolder(served, location.dataDir)) return;
    const moved =
      !existsSync(served) && postmasterRunsFrom(location.dataDir, this.config.postgresPort);
    if (moved) return;
    throw new Error(
      `port ${this.config.postgresPort} is served by the PostgreSQL cluster in ${served}, not by this state folder's ` +
        `(${location.dataDir}): stop that one (GEMSWEEP_STATE_DIR=${stateDirOfCluster(served)} gemsweep services down) ` +
        `or give this one another port (GEMSWEEP_PG_PORT)`,
    );
  }

  private initdb(bin: string, location: ClusterLocation, runAs: UnixUser | undefined): void {
    const result = run(
      bin,
      "initdb",
      ["-D", location.dataDir, "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-locale"],
      runAs,
    );
    if (result.status !== 0)
      throw new Error(`initdb failed (exit ${result.status}): ${result.output}`);
  }

  /** Creates `database` if it does not exist (idempotent, safe under concurrent callers). */
  async ensureDatabase(database: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.urlFor("postgres") });
    await client.connect();
    try {
      const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
      if (found.rowCount === 0) {
        await client
          .query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`)
          .catch((error: { code?: string }) => {
            if (error.code !== "42P04") throw error; // created by a concurrent caller
          });
      }
    } finally {
      await client.end();
    }
  }

  async dropDatabase(database: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.urlFor("postgres") });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }

  /** Dumps `database` to `file` (pg_dump custom format; see postgres-archive.ts). */
  async backup(file: string, database = this.config.database): Promise<{ bytes: number }> {
    return dumpToArchive(this.urlFor(database), file);
  }

  /**
   * Replaces `database` with the archive's contents. The archive is restored into a new database
   * first and swapped in only when that succeeded, so a bad or truncated file leaves the current
   * database as it was. The swap drops the current database with its connections (workers
   * reconnect to the restored one).
   */
  async restore(file: string, database = this.config.database): Promise<void> {
    const scratch = `${database}_restore_${Date.now()}`;
    await this.ensureDatabase(scratch);
    try {
      await restoreArchive(this.urlFor(scratch), file);
    } catch (error) {
      await this.dropDatabase(scratch).catch(() => undefined);
      throw error;
    }
    const client = new pg.Client({ connectionString: this.urlFor("postgres") });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
      await client.query(`ALTER DATABASE ${pg.escapeIdentifier(scratch)} RENAME TO ${pg.escapeIdentifier(database)}`);
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    const location = this.location;
    const { dataDir } = location;
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) return;
    // (a copied clone's postmaster.pid names the original's server: never stop another's)
    if (await pingPostgres(this.urlFor("postgres"))) await this.checkServesThisCluster(location);
    const bin = postgresBinDir();
    run(
      bin,
      "pg_ctl",
      ["-D", dataDir, "-m", "fast", "-w", "-t", "30", "stop"],
      postgresRunAs({ create: false }),
    );
  }

  async health(): Promise<ServiceHealth> {
    const healthy = await pingPostgres(this.url);
    const location = this.location;
    return {
      name: "postgres",
      url: this.url,
      healthy,
      managed: true,
      pid: healthy ? pidOf(location) : undefined,
      logFile: location.logFile,
      dataDir: location.dataDir,
    };
  }
}

function pidOf(location: ClusterLocation): number | undefined {
  try {
    const first = readFileSync(path.join(location.dataDir, "postmaster.pid"), "utf8").split(
      "\n",
    )[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

function run(
  bin: string,
  tool: string,
  args: string[],
  runAs: UnixUser | undefined,
): { status: number | null; output: string } {
  const options: SpawnSyncOptions = {
    encoding: "utf8",
    cwd: "/",
    env: { ...process.env, LC_ALL: "C" },
  };
  if (runAs) Object.assign(options, { uid: runAs.uid, gid: runAs.gid });
  const executable = path.join(bin, tool);
  const result = spawnSync(executable, args, options);
  if (result.error) {
    const closed = runAs && (result.error as NodeJS.ErrnoException).code === "EACCES";
    return {
      status: -1,
      output: closed
        ? `the user ${runAs.name} that runs the server cannot run ${executable} (a folder on its way is closed to that user): ` +
          `set GEMSWEEP_PG_BIN to a PostgreSQL bin folder outside it`
        : result.error.message,
    };
  }
  return {
    status: result.status,
    output: `${String(result.stdout ?? "")}${String(result.stderr ?? "")}`.trim(),
  };
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** true when a PostgreSQL answers `SELECT 1` at `url` within two seconds. */
export async function pingPostgres(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
