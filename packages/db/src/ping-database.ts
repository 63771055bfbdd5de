import type { PrismaClient } from "./prisma-client.js";

/** Resolves once PostgreSQL answers a trivial query through the client's pool; rejects otherwise (health checks). */
export async function pingDatabase(prisma: PrismaClient): Promise<void> {
  await prisma.$queryRaw`SELECT 1`;
}
