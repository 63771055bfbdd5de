import * as z from "zod";

// The activation catalog: every activation a sweep can name, the parameters each takes, their
// defaults and bounds, and the names tables print. One definition for the spec validator, the
// kernels, the tables and the dashboard; packages/kernels holds only the implementations.

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
export const activationNameSchema = z.enum(ACTIVATION_NAMES);
export type ActivationName = z.infer<typeof activationNameSchema>;

export const GEM_FAMILY = ["gem", "e-gem", "se-gem"] as const satisfies readonly ActivationName[];
export type GemFamilyName = (typeof GEM_FAMILY)[number];

/** In the order keys, labels and exports list them. */
export const ACTIVATION_PARAMS = ["N", "eps", "alpha"] as const;
export type ActivationParam = (typeof ACTIVATION_PARAMS)[number];

/** The one rule set for each parameter (spec grids, job payloads and kernels all use it). */
export const ACTIVATION_PARAM_SCHEMAS = {
  N: z.int("N must be an integer >= 1").min(1, "N must be an integer >= 1").max(64, "N must be <= 64"),
  eps: z.number("eps must be a number > 0").positive("eps must be > 0").max(1e6, "eps must be <= 1e6"),
  alpha: z.number("alpha must be a number in [0, 1)").min(0, "alpha must be >= 0").lt(1, "alpha must be < 1"),
} as const satisfies Record<ActivationParam, z.ZodNumber>;

/** How a parameter is written in labels and table headers. */
export const PARAM_SYMBOLS: Readonly<Record<ActivationParam, string>> = { N: "N", eps: "ε", alpha: "α" };

export interface ActivationInfo {
  /** As papers print it: `E-GEM`, `GELU (tanh)`. */
  readonly displayName: string;
  /** The parameters it takes, with their defaults (filled in when a spec leaves them out). */
  readonly params: Readonly<Partial<Record<ActivationParam, number>>>;
}

export const ACTIVATIONS: Readonly<Record<ActivationName, ActivationInfo>> = {
  relu: { displayName: "ReLU", params: {} },
  gelu: { displayName: "GELU", params: {} },
  "gelu-tanh": { displayName: "GELU (tanh)", params: {} },
  swish: { displayName: "Swish", params: {} },
  mish: { displayName: "Mish", params: {} },
  // alpha = 1: the only ELU tfjs has a kernel for.
  elu: { displayName: "ELU", params: {} },
  // PyTorch's default slope, the framework the paper's baselines use.
  "leaky-relu": { displayName: "LeakyReLU", params: { alpha: 0.01 } },
  // GEM is E-GEM with eps fixed at 1; SE-GEM's leak defaults to LeakyReLU's slope.
  gem: { displayName: "GEM", params: { N: 1 } },
  "e-gem": { displayName: "E-GEM", params: { N: 1, eps: 1 } },
  "se-gem": { displayName: "SE-GEM", params: { N: 1, eps: 1, alpha: 0.01 } },
};

/** The parameters `name` takes, in canonical order. */
export function paramsOf(name: ActivationName): ActivationParam[] {
  return ACTIVATION_PARAMS.filter((p) => ACTIVATIONS[name].params[p] !== undefined);
}

export function isActivationName(value: unknown): value is ActivationName {
  return typeof value === "string" && (ACTIVATION_NAMES as readonly string[]).includes(value);
}

export function isGemFamily(name: string): name is GemFamilyName {
  return (GEM_FAMILY as readonly string[]).includes(name);
}

/** Why `param` is refused for `name`, with a hint where a user likely meant another activation. */
export function paramNotAllowedMessage(name: ActivationName, param: string): string {
  const takes = paramsOf(name);
  const list = takes.length === 0 ? "it takes no parameters" : `it takes ${takes.join(", ")}`;
  const hint = name === "gem" && param === "eps" ? " (gem fixes eps = 1; use e-gem for another scale)" : "";
  return `${param} is not a parameter of ${name}: ${list}${hint}`;
}
