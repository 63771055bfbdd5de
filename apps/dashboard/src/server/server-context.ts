import { Orchestrator, TrialQueue, TrialStore, WorkerStore, createPrismaClient, type PrismaClient } from "@gemsweep/db";
import { serviceUrls } from "./service-urls";

export interface ServerContext {
  prisma: PrismaClient;
  queue: TrialQueue;
  orchestrator: Orchestrator;
  trials: TrialStore;
  workers: WorkerStore;
  redisUrl: string;
}

// One Prisma pool and one queue connection per server process. Kept on globalThis because
// Next may evaluate a module once per route bundle; the process must still hold one pool.
const holder = globalThis as typeof globalThis & { __gemsweepContext?: ServerContext };

export function serverContext(): ServerContext {
  if (!holder.__gemsweepContext) {
    const { redisUrl, databaseUrl } = serviceUrls();
    const prisma = createPrismaClient(databaseUrl, { max: 10 });
    const queue = new TrialQueue(redisUrl);
    holder.__gemsweepContext = {
      prisma,
      queue,
      orchestrator: new Orchestrator(prisma, queue),
      trials: new TrialStore(prisma),
      workers: new WorkerStore(prisma),
      redisUrl,
    };
  }
  return holder.__gemsweepContext;
}
