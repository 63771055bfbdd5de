import { Command, CommanderError } from "commander";
import { servicesCommand } from "./commands/services-command.js";
import { exitWithError } from "./exit-with-error.js";

const program = new Command("gemsweep")
  .description("Sweeps over the GEM activation family vs ReLU/GELU: run, watch, compare, export")
  .version("0.1.0")
  .showHelpAfterError()
  // usage errors (unknown option, missing argument) are invalid input: exit 2
  .exitOverride((error: CommanderError) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  });

program.addCommand(servicesCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  exitWithError(error);
}
