import { GemSweepStorage } from "@gemsweep/db";
import { connectServices } from "./connect-services.js";

export interface DatabaseContext {
  /** the storage boundary: the stores and the named reads (no queries here) */
  storage: GemSweepStorage;
  redisUrl: string;
  databaseUrl: string;
  stateDir: string;
}

/**
 * Connects (starting embedded services if needed), runs `fn` with the storage, always closes
 * it. For the commands that only read the database (status, table): no queue connection.
 */
export async function withDatabase<T>(fn: (ctx: DatabaseContext) => Promise<T>): Promise<T> {
  const { redisUrl, databaseUrl, services } = await connectServices();
  const storage = GemSweepStorage.open(databaseUrl, { max: 4 });
  try {
    return await fn({ storage, redisUrl, databaseUrl, stateDir: services.config.stateDir });
  } finally {
    await storage.close().catch(() => undefined);
  }
}
