import { Command } from "commander";

/**
 * `gemsweep services up|down|status|backup|restore`: the local Redis + PostgreSQL (or the
 * configured ones), and backups of the embedded PostgreSQL.
 */
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
  const loadBackup = () => import("../actions/services-backup.js");
  command
    .command("backup")
    .description(
      "dump the embedded PostgreSQL to FILE (pg_dump custom format, consistent while workers run)",
    )
    .argument("<FILE>", "the backup file to write")
    .option("--force", "overwrite FILE if it exists")
    .action(async (file: string, options: { force?: boolean }) =>
      (await loadBackup()).servicesBackup(file, options),
    );
  command
    .command("restore")
    .description(
      "replace the embedded PostgreSQL's database with a backup; then `gemsweep resume` re-enqueues",
    )
    .argument("<FILE>", "a file written by `gemsweep services backup`")
    .option("--force", "replace a database that already holds sweeps")
    .action(async (file: string, options: { force?: boolean }) =>
      (await loadBackup()).servicesRestore(file, options),
    );
  return command;
}
