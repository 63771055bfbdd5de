import { exitCodeOf, isGemSweepError } from "@gemsweep/contracts";
import { MissingBinaryError } from "@gemsweep/services";

/**
 * Prints an error the way a user needs it (each bad field on its own line) and exits with the
 * contract's code: 2 for invalid input, 1 for everything else.
 */
export function exitWithError(error: unknown): never {
  if (isGemSweepError(error)) {
    console.error(`error: ${error.message}`);
    for (const issue of error.issues)
      console.error(`  ${issue.path || "(spec)"}: ${issue.message}`);
  } else if (error instanceof MissingBinaryError) {
    console.error(`error: ${error.message}`);
  } else {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.GEMSWEEP_DEBUG && error instanceof Error) console.error(error.stack);
  }
  process.exit(exitCodeOf(error));
}
