import { migrateDatabase } from "@gemsweep/db";
import { LocalServices } from "@gemsweep/services";
import { buildCli } from "../../apps/cli/build/build-cli.js";
import { staleBuildReason } from "../../apps/cli/build/stale-build.js";

/**
 * Vitest global setup of the "services" project: the real embedded Redis and PostgreSQL
 * (the same code path as `gemsweep services up`), and a fresh, migrated database for this
 * run, dropped afterwards. Forked test processes inherit the URLs through the environment.
 * The suites spawn `gemsweep` (its bundle in apps/cli/dist), so a bundle older than the sources
 * is rebuilt first: otherwise a suite run straight through vitest tests yesterday's workers.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (staleBuildReason()) await buildCli();
  const services = new LocalServices();
  const urls = await services.up();
  let database: string | undefined;
  if (!process.env.DATABASE_URL) {
    database = `gemsweep_test_${process.pid}_${Date.now()}`;
    await services.postgres.ensureDatabase(database);
    process.env.DATABASE_URL = services.postgres.urlFor(database);
  }
  process.env.REDIS_URL = urls.redisUrl;
  await migrateDatabase(process.env.DATABASE_URL!);
  return async () => {
    if (database) await services.postgres.dropDatabase(database);
  };
}
