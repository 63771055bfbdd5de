/** Thrown for an invalid ActivationSpec; `field` names the offending key ("name", "N", "eps", "alpha"). */
export class ActivationSpecError extends Error {
  readonly code = "INVALID_ACTIVATION_SPEC" as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "ActivationSpecError";
  }
}
