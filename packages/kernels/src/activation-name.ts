/** Every activation a sweep can name. Order is the order tables and docs list them in. */
export const ACTIVATION_NAMES = [
  "relu",
  "gelu",
  "gelu-tanh",
  "swish",
  "mish",
  "elu",
  "leaky-relu",
  "gem",
  "e-gem",
  "se-gem",
] as const;

export type ActivationName = (typeof ACTIVATION_NAMES)[number];

export function isActivationName(value: unknown): value is ActivationName {
  return typeof value === "string" && (ACTIVATION_NAMES as readonly string[]).includes(value);
}
