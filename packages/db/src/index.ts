export { createPrismaClient, PrismaClient } from "./prisma-client.js";
export { migrateDatabase, loadMigrations, MIGRATIONS_DIR, type Migration } from "./migrations.js";
