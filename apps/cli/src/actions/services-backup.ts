// Why: `gemsweep services backup FILE` / `restore FILE`: the embedded PostgreSQL (the system of
// record) to a pg_dump archive and back; the queue is derived state, rebuilt by `gemsweep resume`.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { ErrorCode, GemSweepError } from "@gemsweep/contracts";
import { GemSweepStorage, migrateDatabase, type SweepPage } from "@gemsweep/db";
import { LocalServices, readArchiveContents } from "@gemsweep/services";

const EXTERNAL =
  "DATABASE_URL is set, so the database is not the embedded one: back it up and restore it with its own pg_dump / pg_restore (docs/reliability.md, Backups)";

/**
 * The embedded PostgreSQL, which must be running (`services up` is not implied: started from a
 * wrong state folder or port it would be a new, empty cluster, and its backup an empty one),
 * migrated; refused when DATABASE_URL names another database.
 */
async function embeddedServices(): Promise<{ services: LocalServices; databaseUrl: string }> {
  if (process.env.DATABASE_URL) throw new GemSweepError(ErrorCode.CONFLICT, EXTERNAL);
  const services = new LocalServices();
  const health = await services.postgres.health();
  if (!health.healthy) {
    throw new GemSweepError(
      ErrorCode.SERVICE_UNAVAILABLE,
      `the embedded PostgreSQL (port ${services.config.postgresPort}, state folder ${services.config.stateDir}) does not answer: start it with \`gemsweep services up\` (the same GEMSWEEP_STATE_DIR and GEMSWEEP_PG_PORT) first`,
    );
  }
  const databaseUrl = services.postgres.url;
  await migrateDatabase(databaseUrl);
  return { services, databaseUrl };
}

/** The sweeps a database holds (the newest 1000, and how many in all). */
async function storedSweeps(databaseUrl: string): Promise<SweepPage> {
  const storage = GemSweepStorage.open(databaseUrl, { max: 1 });
  try {
    return await storage.sweepPage({ limit: 1000, offset: 0 });
  } finally {
    await storage.close().catch(() => undefined);
  }
}

const trialsIn = (page: SweepPage) => page.sweeps.reduce((sum, sweep) => sum + sweep.total, 0);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/** `gemsweep services backup FILE [--force]` */
export async function servicesBackup(file: string, options: { force?: boolean }): Promise<void> {
  const target = path.resolve(file);
  if (existsSync(target) && !options.force) {
    throw new GemSweepError(ErrorCode.CONFLICT, `${file} exists: add --force to overwrite it`);
  }
  if (!existsSync(path.dirname(target))) {
    throw new GemSweepError(ErrorCode.INVALID_INPUT, `${file}: the folder ${path.dirname(target)} does not exist`);
  }
  const { services, databaseUrl } = await embeddedServices();
  const page = await storedSweeps(databaseUrl);
  console.log(`backing up database ${services.config.database} (${count(page.total, "sweep")}) with pg_dump to ${target} ...`);
  const started = performance.now();
  const { bytes } = await services.postgres.backup(target);
  console.log(
    `backed up the embedded PostgreSQL (database ${services.config.database}: ${count(page.total, "sweep")}, ${count(trialsIn(page), "trial")}) to ${target}: ${mib(bytes)} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** `gemsweep services restore FILE [--force]` */
export async function servicesRestore(file: string, options: { force?: boolean }): Promise<void> {
  const source = path.resolve(file);
  if (!existsSync(source) || !statSync(source).isFile()) {
    throw new GemSweepError(ErrorCode.INVALID_INPUT, `${file}: no such file`);
  }
  const contents = await readArchiveContents(source).catch((error: Error) => {
    throw new GemSweepError(ErrorCode.INVALID_INPUT, `${file} is not a backup made by gemsweep services backup (a pg_dump custom-format archive): ${error.message.split("\n")[0]}`);
  });
  const { services, databaseUrl } = await embeddedServices();
  const before = await storedSweeps(databaseUrl);
  if (before.total > 0 && !options.force) {
    const names = before.sweeps.slice(0, 5).map((s) => s.name).join(", ");
    throw new GemSweepError(
      ErrorCode.CONFLICT,
      `the embedded database already holds ${count(before.total, "sweep")} (${names}${before.total > 5 ? ", ..." : ""}): restoring ${file} replaces them all; stop the workers and add --force to do it`,
    );
  }
  console.log(`restoring ${file} (${contents.tables} tables) with pg_restore into a scratch database, then swapping it in for ${services.config.database} ...`);
  const started = performance.now();
  await services.postgres.restore(source);
  await migrateDatabase(databaseUrl); // a backup from an older version gets the newer migrations
  const after = await storedSweeps(databaseUrl);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `restored ${file} (dumped from PostgreSQL ${contents.serverVersion || "?"}, database ${contents.database || "?"}) into the embedded database ${services.config.database}: ${count(after.total, "sweep")}, ${count(trialsIn(after), "trial")}, in ${seconds} s`,
  );
  const open = after.sweeps.filter((s) => s.status === "QUEUED" || s.status === "RUNNING");
  if (open.length > 0) {
    console.log(`\nthe queue (Redis) is derived from the database: re-enqueue the ${open.length} unfinished sweep(s), then start workers:`);
    for (const sweep of open) console.log(`  gemsweep resume ${sweep.id}   # ${sweep.name}, ${sweep.counts.COMPLETED ?? 0}/${sweep.total} completed`);
  }
}
