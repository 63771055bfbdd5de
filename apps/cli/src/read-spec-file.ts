import { ErrorCode, GemSweepError } from "@gemsweep/contracts";
import { readFileSync } from "node:fs";

/** The spec file's text ("-" reads standard input); a missing file is invalid input (exit 2). */
export function readSpecFile(file: string): string {
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    throw new GemSweepError(
      ErrorCode.INVALID_INPUT,
      `cannot read spec file ${file}: ${(error as Error).message}`,
      {
        issues: [{ path: "SPEC", message: `cannot read ${file}` }],
      },
    );
  }
}
