import { LocalServices } from "@gemsweep/services";

/** REDIS_URL / DATABASE_URL, else the embedded services' defaults (same rule as the CLI). */
export function serviceUrls(): { redisUrl: string; databaseUrl: string } {
  return new LocalServices().urls;
}
