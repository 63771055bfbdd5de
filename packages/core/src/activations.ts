import * as z from "zod";

// Activation names and their parameters (GEM.md). Which parameters a name takes is data here,
// so the spec validator, the expansion and the table agree on one definition.

export const GEM_FAMILY = ["gem", "e-gem", "se-gem"] as const;
export const BASELINE_ACTIVATIONS = [
  "relu",
  "gelu",
  "gelu-tanh",
  "swish",
  "mish",
  "elu",
  "leaky-relu",
] as const;
export const ACTIVATION_NAMES = [...BASELINE_ACTIVATIONS, ...GEM_FAMILY] as const;

export const activationNameSchema = z.enum(ACTIVATION_NAMES);
export type ActivationName = z.infer<typeof activationNameSchema>;
export type GemFamilyName = (typeof GEM_FAMILY)[number];
export type ActivationParam = "N" | "eps" | "alpha";

/**
 * The parameters each activation takes, as packages/kernels accepts them: baselines take none
 * except leaky-relu's negative slope alpha; gem takes N only (eps is fixed at 1).
 */
export const ACTIVATION_PARAMS: Readonly<Record<ActivationName, readonly ActivationParam[]>> = {
  relu: [],
  gelu: [],
  "gelu-tanh": [],
  swish: [],
  mish: [],
  elu: [],
  "leaky-relu": ["alpha"],
  gem: ["N"],
  "e-gem": ["N", "eps"],
  "se-gem": ["N", "eps", "alpha"],
};

/** Defaults filled in at expansion: N = 1, eps = 1 (E-GEM with eps 1 is GEM), leak alpha 0.01 (SE-GEM, leaky-relu). */
export const ACTIVATION_DEFAULTS = { N: 1, eps: 1, alpha: 0.01 } as const;

export function isGemFamily(name: string): name is GemFamilyName {
  return (GEM_FAMILY as readonly string[]).includes(name);
}

/** One concrete activation (no lists): what a trial trains with and a job payload carries. */
export const activationConfigSchema = z
  .strictObject({
    name: activationNameSchema,
    N: z.int().min(1).max(64).optional(),
    eps: z.number().positive().max(1e6).optional(),
    alpha: z.number().min(0).lt(1).optional(),
  })
  .superRefine((a, ctx) => {
    for (const p of ["N", "eps", "alpha"] as const) {
      if (a[p] !== undefined && !ACTIVATION_PARAMS[a.name].includes(p)) {
        ctx.addIssue({ code: "custom", path: [p], message: paramNotAllowedMessage(a.name, p) });
      }
    }
  });
export type ActivationConfig = z.infer<typeof activationConfigSchema>;

export function paramNotAllowedMessage(name: ActivationName, param: ActivationParam): string {
  const takes = ACTIVATION_PARAMS[name];
  const hint = name === "gem" && param === "eps" ? " (use e-gem for a scale eps)" : "";
  return takes.length === 0
    ? `${name} takes no parameters, got ${param}`
    : `${name} takes no ${param}${hint}; it takes ${takes.join(", ")}`;
}

/** The activation with every parameter it takes present (defaults filled), others dropped. */
export function withActivationDefaults(a: ActivationConfig): ActivationConfig {
  const out: ActivationConfig = { name: a.name };
  for (const p of ACTIVATION_PARAMS[a.name]) out[p] = a[p] ?? ACTIVATION_DEFAULTS[p];
  return out;
}

/** Canonical number text: shortest round-trip form, so 1e-2 and 0.01 share one key. */
export function formatParam(value: number): string {
  return String(value);
}

/** Canonical, stable key of an activation config, e.g. `e-gem|N=1|eps=0.01` (defaults filled). */
export function activationKey(a: ActivationConfig): string {
  const full = withActivationDefaults(a);
  let key: string = full.name;
  for (const p of ACTIVATION_PARAMS[full.name]) key += `|${p}=${formatParam(full[p] as number)}`;
  return key;
}

/** Human-readable label for tables: `e-gem (N=1, ε=0.01)`. */
export function activationLabel(a: ActivationConfig): string {
  const full = withActivationDefaults(a);
  const params = ACTIVATION_PARAMS[full.name].map(
    (p) => `${p === "eps" ? "ε" : p === "alpha" ? "α" : p}=${formatParam(full[p] as number)}`,
  );
  return params.length === 0 ? full.name : `${full.name} (${params.join(", ")})`;
}
