import { GemSweepStorage, TrialQueue, type Orchestrator } from "@gemsweep/db";
import { connectServices } from "./connect-services.js";

export interface CommandContext {
  /** the storage boundary: the stores and the named reads (no queries here) */
  storage: GemSweepStorage;
  orchestrator: Orchestrator;
  redisUrl: string;
  databaseUrl: string;
  stateDir: string;
}

/** Connects (starting embedded services if needed), runs `fn`, always disconnects. */
export async function withOrchestrator<T>(fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
  const { redisUrl, databaseUrl, services } = await connectServices();
  const storage = GemSweepStorage.open(databaseUrl, { max: 4 });
  const queue = new TrialQueue(redisUrl);
  try {
    return await fn({
      storage,
      orchestrator: storage.orchestrator(queue),
      redisUrl,
      databaseUrl,
      stateDir: services.config.stateDir,
    });
  } finally {
    await queue.close().catch(() => undefined);
    await storage.close().catch(() => undefined);
  }
}
