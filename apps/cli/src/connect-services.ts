import { migrateDatabase } from "@gemsweep/db";
import { LocalServices, type ServiceUrls } from "@gemsweep/services";

/**
 * The URLs every command uses: REDIS_URL / DATABASE_URL when set (a cluster), else the
 * embedded services, started on demand. The database is migrated either way (a no-op when
 * current), so a fresh machine needs no separate step.
 */
export async function connectServices(): Promise<ServiceUrls & { services: LocalServices }> {
  const services = new LocalServices();
  const urls = await services.up();
  await migrateDatabase(urls.databaseUrl);
  return { ...urls, services };
}
