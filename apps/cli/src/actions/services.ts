import { migrateDatabase } from "@gemsweep/db";
import { LocalServices, type ServiceHealth } from "@gemsweep/services";

function printHealth(rows: ServiceHealth[], json: boolean): void {
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  for (const row of rows) {
    const origin = row.managed ? "embedded" : "external";
    const pid = row.pid ? ` pid ${row.pid}` : "";
    console.log(
      `${row.name.padEnd(9)} ${row.healthy ? "healthy  " : "DOWN     "} ${row.url} (${origin}${pid})${row.logFile ? `  log: ${row.logFile}` : ""}`,
    );
  }
}

/** Starts the embedded Redis and PostgreSQL (idempotent), migrates, prints their health and URLs. */
export async function servicesUp(options: { json?: boolean }): Promise<void> {
  const services = new LocalServices();
  const urls = await services.up();
  await migrateDatabase(urls.databaseUrl);
  printHealth(await services.status(), Boolean(options.json));
  if (!options.json) {
    console.log(`\nexport REDIS_URL=${urls.redisUrl}\nexport DATABASE_URL=${urls.databaseUrl}`);
  }
}

/** Stops the embedded Redis and PostgreSQL; their data is kept. */
export async function servicesDown(): Promise<void> {
  await new LocalServices().down();
  console.log("services stopped");
}

/** Prints the health of Redis and PostgreSQL; exit code 1 when one is down. */
export async function servicesStatus(options: { json?: boolean }): Promise<void> {
  const rows = await new LocalServices().status();
  printHealth(rows, Boolean(options.json));
  if (rows.some((row) => !row.healthy)) process.exitCode = 1;
}
