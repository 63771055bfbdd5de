import { TrialQueue, type Orchestrator } from "@gemsweep/db";
import { withDatabase, type DatabaseContext } from "./with-database.js";

export interface CommandContext extends DatabaseContext {
  orchestrator: Orchestrator;
}

/** withDatabase plus the trial queue: for the commands that change a sweep (submit, run, cancel, resume). */
export async function withOrchestrator<T>(fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
  return withDatabase(async (ctx) => {
    const queue = new TrialQueue(ctx.redisUrl);
    try {
      return await fn({ ...ctx, orchestrator: ctx.storage.orchestrator(queue) });
    } finally {
      await queue.close().catch(() => undefined);
    }
  });
}
