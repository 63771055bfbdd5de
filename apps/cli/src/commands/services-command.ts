import { Command } from "commander";

/** `gemsweep services up|down|status`: the local Redis + PostgreSQL (or the configured ones). */
export function servicesCommand(): Command {
  const command = new Command("services");
  const load = () => import("../actions/services.js");
  command
    .command("up")
    .description("start the embedded Redis and PostgreSQL (idempotent) and migrate the database")
    .option("--json", "print the status as JSON")
    .action(async (options: { json?: boolean }) => (await load()).servicesUp(options));
  command
    .command("down")
    .description("stop the embedded Redis and PostgreSQL (data is kept)")
    .action(async () => (await load()).servicesDown());
  command
    .command("status")
    .description("health of Redis and PostgreSQL; exit 1 when one is down")
    .option("--json", "print as JSON")
    .action(async (options: { json?: boolean }) => (await load()).servicesStatus(options));
  return command;
}
