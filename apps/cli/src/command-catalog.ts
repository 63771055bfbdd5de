import type { Command } from "commander";

/**
 * One command as `gemsweep help` lists it, and where its definition lives. Why: the program
 * registers every command from this list alone and loads the definition of only the command
 * being run (main.ts); each definition, in turn, loads its implementation only when it runs.
 */
export interface CommandEntry {
  name: string;
  /** what follows the name in the list, as commander prints it ("[options] <ID>") */
  usage: string;
  /** the one line in the list, also the command's description in its own help */
  summary: string;
  /** the full commander definition: arguments, options, validation, the action */
  define: () => Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "services",
    usage: "",
    summary: "start, stop or check the local Redis and PostgreSQL; back up and restore the embedded database",
    define: async () => (await import("./commands/services-command.js")).servicesCommand(),
  },
  {
    name: "worker",
    usage: "[options]",
    summary:
      "run a training worker on the configured queue (SIGTERM drains: checkpoint, hand the job back)",
    define: async () => (await import("./commands/worker-command.js")).workerCommand(),
  },
  {
    name: "run",
    usage: "[options] <SPEC>",
    summary:
      "run a sweep locally end to end: services, workers, progress bars, the final table (CSV/MD in --out); --dry-run prints the plan",
    define: async () => (await import("./commands/run-command.js")).runCommand(),
  },
  {
    name: "submit",
    usage: "[options] <SPEC>",
    summary:
      "submit a sweep (YAML or JSON; - for stdin) to the configured queue; prints the sweep id",
    define: async () => (await import("./commands/submit-command.js")).submitCommand(),
  },
  {
    name: "list",
    usage: "[options]",
    summary: "list sweeps, newest first: id, name, status, progress, created (--status, --name, --limit, --json)",
    define: async () => (await import("./commands/list-command.js")).listCommand(),
  },
  {
    name: "status",
    usage: "[options] <ID>",
    summary: "show a sweep's progress (--json lists every trial with id, config, status, attempts)",
    define: async () => (await import("./commands/status-command.js")).statusCommand(),
  },
  {
    name: "table",
    usage: "[options] <ID...>",
    summary:
      "print a sweep's comparison table: mean ± std over seeds, Δ vs baseline, paired test (Holm); several sweeps side by side",
    define: async () => (await import("./commands/table-command.js")).tableCommand(),
  },
  {
    name: "export",
    usage: "[options] <ID>",
    summary: "stream a sweep's raw rows, one per trial or epoch, as CSV, JSON Lines or Parquet",
    define: async () => (await import("./commands/export-command.js")).exportCommand(),
  },
  {
    name: "logs",
    usage: "[options] <TRIAL>",
    summary: "print a trial's log lines, every attempt's (--follow while it runs)",
    define: async () => (await import("./commands/logs-command.js")).logsCommand(),
  },
  {
    name: "cancel",
    usage: "<ID>",
    summary: "cancel a sweep: queued trials never run, running ones stop at their next step",
    define: async () => (await import("./commands/cancel-command.js")).cancelCommand(),
  },
  {
    name: "resume",
    usage: "<ID>",
    summary: "re-enqueue every trial of a sweep that has not finished (cancelled ones too)",
    define: async () => (await import("./commands/resume-command.js")).resumeCommand(),
  },
  {
    name: "token",
    usage: "",
    summary: "create (shown once), list or revoke scoped API tokens: read, write, admin",
    define: async () => (await import("./commands/token-command.js")).tokenCommand(),
  },
  {
    name: "audit",
    usage: "[options]",
    summary:
      "the audit trail: who launched, cancelled, resumed, drained or managed tokens, when, from where",
    define: async () => (await import("./commands/audit-command.js")).auditCommand(),
  },
  {
    name: "dashboard",
    usage: "[options]",
    summary: "serve the dashboard and the HTTP API (production build; built on first use)",
    define: async () => (await import("./commands/dashboard-command.js")).dashboardCommand(),
  },
];

/** The command a command line names: its first word that is not an option (after `help`, the next). */
export function commandNamedIn(args: readonly string[]): string | undefined {
  const words = args.filter((arg) => !arg.startsWith("-"));
  return words[0] === "help" ? words[1] : words[0];
}
