// Why: auth tests need a database of their own: one token row turns API auth on for every
// dashboard on that database, and the run's shared database must stay open for the other suites.
import { GemSweepStorage, migrateDatabase } from "@gemsweep/db";
import { createScratchDatabase } from "../../../../packages/db/test/test-database.js";

export interface AuthDatabase {
  url: string;
  /** the storage boundary on it: tokens, audit rows, workers */
  storage: GemSweepStorage;
  drop: () => Promise<void>;
}

/** A new, migrated database next to the run's, with a storage open on it. */
export async function createAuthDatabase(): Promise<AuthDatabase> {
  const scratch = await createScratchDatabase();
  await migrateDatabase(scratch.url);
  const storage = GemSweepStorage.open(scratch.url, { max: 2 });
  return {
    url: scratch.url,
    storage,
    drop: async () => {
      await storage.close().catch(() => undefined);
      await scratch.drop();
    },
  };
}
