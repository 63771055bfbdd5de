/** A service binary is not installed: the message says how to install it. */
export class MissingBinaryError extends Error {
  constructor(
    readonly binary: string,
    readonly installHint: string,
  ) {
    super(`${binary} was not found. Install it with: ${installHint}`);
    this.name = "MissingBinaryError";
  }
}
