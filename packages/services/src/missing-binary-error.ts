// Why: a missing server binary is the user's to install, so the error says how, per platform.
/** A service binary is not installed: the message lists an install line per platform. */
export class MissingBinaryError extends Error {
  readonly installHint: string;

  constructor(
    readonly binary: string,
    installLines: string[],
  ) {
    const hint = installLines.map((line) => `  ${line}`).join("\n");
    super(`${binary} was not found. Install it:\n${hint}`);
    this.name = "MissingBinaryError";
    this.installHint = hint;
  }
}
