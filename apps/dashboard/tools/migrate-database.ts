// Why: the dashboard image's migration command: prisma/migrations applied to DATABASE_URL by one bundled file, with no tsx or TypeScript sources in the image.
import path from "node:path";
import { fileURLToPath } from "node:url";
// The migrator module itself, not @gemsweep/db's index: the bundle needs pg only, not Prisma or BullMQ.
import { migrateDatabase } from "../../../packages/db/src/migrations.js";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("migrate: DATABASE_URL is not set");
  process.exit(2);
}
// The migrations are copied next to the bundle (see bundle-migrator.ts).
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
const { applied, total } = await migrateDatabase(url, dir);
console.log(`migrations: ${applied.length} applied, ${total} in all`);
for (const name of applied) console.log(`  applied ${name}`);
