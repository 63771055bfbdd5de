import { Command } from "commander";
import { LocalServices, type ServiceHealth } from "@gemsweep/services";
import { migrateDatabase } from "@gemsweep/db";

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

/** `gemsweep services up|down|status`: the local Redis + PostgreSQL (or the configured ones). */
export function servicesCommand(): Command {
  const command = new Command("services").description(
    "start, stop or check the local Redis and PostgreSQL",
  );
  command
    .command("up")
    .description("start the embedded Redis and PostgreSQL (idempotent) and migrate the database")
    .option("--json", "print the status as JSON")
    .action(async (options: { json?: boolean }) => {
      const services = new LocalServices();
      const urls = await services.up();
      await migrateDatabase(urls.databaseUrl);
      printHealth(await services.status(), Boolean(options.json));
      if (!options.json) {
        console.log(`\nexport REDIS_URL=${urls.redisUrl}\nexport DATABASE_URL=${urls.databaseUrl}`);
      }
    });
  command
    .command("down")
    .description("stop the embedded Redis and PostgreSQL (data is kept)")
    .action(async () => {
      await new LocalServices().down();
      console.log("services stopped");
    });
  command
    .command("status")
    .description("health of Redis and PostgreSQL; exit 1 when one is down")
    .option("--json", "print as JSON")
    .action(async (options: { json?: boolean }) => {
      const rows = await new LocalServices().status();
      printHealth(rows, Boolean(options.json));
      if (rows.some((row) => !row.healthy)) process.exitCode = 1;
    });
  return command;
}
