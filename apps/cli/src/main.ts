// The `gemsweep` program. Every command is listed from command-catalog.ts, and only the one named
// on the command line is defined (loaded), so `--version` and `help` load no command code, and a
// command's definition loads its implementation only when it runs.
import { Command, Help, type CommanderError } from "commander";
import { COMMANDS, commandNamedIn, type CommandEntry } from "./command-catalog.js";

const GEMSWEEP_VERSION = "0.1.0";

async function commandFor(entry: CommandEntry, named: string | undefined): Promise<Command> {
  const command = entry.name === named ? await entry.define() : new Command(entry.name);
  return command.description(entry.summary);
}

// Usage errors (unknown option, missing argument, bad option value) are invalid input: exit 2.
function usageErrorsExitTwo(command: Command): void {
  command.showHelpAfterError().exitOverride((error: CommanderError) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  });
  for (const sub of command.commands) usageErrorsExitTwo(sub);
}

const program = new Command("gemsweep")
  .description("Sweeps over the GEM activation family vs ReLU/GELU: run, watch, compare, export")
  .version(GEMSWEEP_VERSION)
  .configureHelp({
    // the catalog's usage, so a command that is not loaded is listed as it would be when loaded
    subcommandTerm: (command) => {
      const entry = COMMANDS.find((e) => e.name === command.name());
      return entry ? `${entry.name} ${entry.usage}`.trim() : new Help().subcommandTerm(command);
    },
  });
const named = commandNamedIn(process.argv.slice(2));
for (const entry of COMMANDS) program.addCommand(await commandFor(entry, named));
usageErrorsExitTwo(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const { exitWithError } = await import("./exit-with-error.js");
  exitWithError(error);
}
