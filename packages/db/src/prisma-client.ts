import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/client/index.js";

export { PrismaClient };
export type * from "../generated/client/index.js";

/**
 * A Prisma client over the pg driver adapter (Prisma's wasm query compiler: no native engine
 * binary to download). One per process; `max` bounds the pool per process.
 */
export function createPrismaClient(databaseUrl: string, options: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}
