import { GemSweepStorage, TrialQueue, type Orchestrator } from "@gemsweep/db";
import { serviceUrls } from "./service-urls";

export interface ServerContext {
  /** the storage boundary: stores and named reads; route handlers write no queries */
  storage: GemSweepStorage;
  queue: TrialQueue;
  orchestrator: Orchestrator;
  redisUrl: string;
}

// One database pool and one queue connection per server process. Kept on globalThis because
// Next may evaluate a module once per route bundle; the process must still hold one pool.
const holder = globalThis as typeof globalThis & { __gemsweepContext?: ServerContext };

export function serverContext(): ServerContext {
  if (!holder.__gemsweepContext) {
    const { redisUrl, databaseUrl } = serviceUrls();
    const storage = GemSweepStorage.open(databaseUrl, { max: 10 });
    const queue = new TrialQueue(redisUrl);
    holder.__gemsweepContext = {
      storage,
      queue,
      orchestrator: storage.orchestrator(queue),
      redisUrl,
    };
  }
  return holder.__gemsweepContext;
}
