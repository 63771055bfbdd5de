import { createPrismaClient, Orchestrator, TrialQueue, type PrismaClient } from "@gemsweep/db";
import { connectServices } from "./connect-services.js";

export interface CommandContext {
  prisma: PrismaClient;
  orchestrator: Orchestrator;
  redisUrl: string;
  databaseUrl: string;
  stateDir: string;
}

/** Connects (starting embedded services if needed), runs `fn`, always disconnects. */
export async function withOrchestrator<T>(fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
  const { redisUrl, databaseUrl, services } = await connectServices();
  const prisma = createPrismaClient(databaseUrl, { max: 4 });
  const queue = new TrialQueue(redisUrl);
  try {
    return await fn({
      prisma,
      orchestrator: new Orchestrator(prisma, queue),
      redisUrl,
      databaseUrl,
      stateDir: services.config.stateDir,
    });
  } finally {
    await queue.close().catch(() => undefined);
    await prisma.$disconnect().catch(() => undefined);
  }
}
