import { Command, CommanderError } from "commander";
import { servicesCommand } from "./commands/services-command.js";
import { workerCommand } from "./commands/worker-command.js";
import { runCommand } from "./commands/run-command.js";
import { submitCommand } from "./commands/submit-command.js";
import { statusCommand } from "./commands/status-command.js";
import { tableCommand } from "./commands/table-command.js";
import { cancelCommand, resumeCommand } from "./commands/cancel-resume-commands.js";
import { dashboardCommand } from "./commands/dashboard-command.js";
import { exitWithError } from "./exit-with-error.js";

const program = new Command("gemsweep")
  .description("Sweeps over the GEM activation family vs ReLU/GELU: run, watch, compare, export")
  .version("0.1.0");

program.addCommand(servicesCommand());
program.addCommand(workerCommand());
program.addCommand(runCommand());
program.addCommand(submitCommand());
program.addCommand(statusCommand());
program.addCommand(tableCommand());
program.addCommand(cancelCommand());
program.addCommand(resumeCommand());
program.addCommand(dashboardCommand());

// Usage errors (unknown option, missing argument, bad option value) are invalid input: exit 2.
function usageErrorsExitTwo(command: Command): void {
  command.showHelpAfterError().exitOverride((error: CommanderError) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  });
  for (const sub of command.commands) usageErrorsExitTwo(sub);
}
usageErrorsExitTwo(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  exitWithError(error);
}
