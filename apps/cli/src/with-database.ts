import { createPrismaClient, type PrismaClient } from "@gemsweep/db";
import { connectServices } from "./connect-services.js";

export interface DatabaseContext {
  prisma: PrismaClient;
  redisUrl: string;
  databaseUrl: string;
  stateDir: string;
}

/**
 * Connects (starting embedded services if needed), runs `fn` with a Prisma client, always
 * disconnects. For the commands that only read the database (status, table): no queue connection.
 */
export async function withDatabase<T>(fn: (ctx: DatabaseContext) => Promise<T>): Promise<T> {
  const { redisUrl, databaseUrl, services } = await connectServices();
  const prisma = createPrismaClient(databaseUrl, { max: 4 });
  try {
    return await fn({ prisma, redisUrl, databaseUrl, stateDir: services.config.stateDir });
  } finally {
    await prisma.$disconnect().catch(() => undefined);
  }
}
