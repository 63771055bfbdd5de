// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or to the embedded
// PostgreSQL (started if needed) when DATABASE_URL is not set. Works offline.
import { migrateDatabase } from "@gemsweep/db";
import { LocalServices, redactUrl } from "@gemsweep/services";

const services = new LocalServices();
if (!process.env.DATABASE_URL) await services.postgres.start();
const url = services.urls.databaseUrl;
const { applied, total } = await migrateDatabase(url);
console.log(`migrations: ${applied.length} applied, ${total} in all, database ${redactUrl(url)}`);
for (const name of applied) console.log(`  applied ${name}`);
