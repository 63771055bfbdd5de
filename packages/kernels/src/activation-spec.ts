import { z } from "zod";
import { ACTIVATION_NAMES, isActivationName, type ActivationName } from "./activation-name.js";
import { ActivationSpecError } from "./activation-spec-error.js";

/**
 * One activation as a sweep names it. N, eps and alpha are only meaningful for the GEM family:
 * gem takes N; e-gem takes N and eps; se-gem takes N, eps and alpha; leaky-relu takes alpha (its
 * negative slope). Anything else given is rejected (gem's eps included), never silently ignored,
 * so a typo in a sweep spec cannot produce a run that differs from what was asked.
 */
export const activationSpecSchema = z
  .object({
    name: z.enum(ACTIVATION_NAMES),
    N: z.number().optional(),
    eps: z.number().optional(),
    alpha: z.number().optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const problem = findProblem(spec);
    if (problem) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  });

export type ActivationSpec = { name: ActivationName; N?: number; eps?: number; alpha?: number };

/** An ActivationSpec with every parameter its activation uses filled in. */
export type ResolvedActivationSpec = { name: ActivationName; N: number; eps: number; alpha: number };

type Param = "N" | "eps" | "alpha";

/** Which parameters each activation accepts, and their defaults. */
const PARAMS: Record<ActivationName, Partial<Record<Param, number>>> = {
  relu: {},
  gelu: {},
  "gelu-tanh": {},
  swish: {},
  mish: {},
  elu: {}, // alpha = 1: the only ELU tfjs has a kernel for
  "leaky-relu": { alpha: 0.01 }, // PyTorch's default, the framework the paper's baselines use
  gem: { N: 1 },
  "e-gem": { N: 1, eps: 1 },
  "se-gem": { N: 1, eps: 1, alpha: 0.01 },
};

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function findProblem(spec: Record<string, unknown>): { field: string; message: string } | undefined {
  const name = spec["name"];
  if (!isActivationName(name)) {
    return { field: "name", message: `name must be one of ${ACTIVATION_NAMES.join(", ")} (got ${describe(name)})` };
  }
  const accepted = PARAMS[name];
  for (const key of Object.keys(spec)) {
    if (key === "name" || spec[key] === undefined) continue;
    if (!(key in accepted)) {
      const hint = name === "gem" && key === "eps" ? " (gem fixes eps = 1; use e-gem for another scale)" : "";
      const takes = Object.keys(accepted);
      const list = takes.length ? `it takes ${takes.join(", ")}` : "it takes no parameters";
      return { field: key, message: `${key} is not a parameter of ${name}: ${list}${hint}` };
    }
  }
  const { N, eps, alpha } = spec;
  if (N !== undefined && !(typeof N === "number" && Number.isInteger(N) && N >= 1 && N <= 64)) {
    return { field: "N", message: `N must be an integer >= 1 (got ${describe(N)})` };
  }
  if (eps !== undefined && !(typeof eps === "number" && Number.isFinite(eps) && eps > 0)) {
    return { field: "eps", message: `eps must be a finite number > 0 (got ${describe(eps)})` };
  }
  if (alpha !== undefined) {
    if (!(typeof alpha === "number" && alpha >= 0 && alpha < 1)) {
      return { field: "alpha", message: `alpha must be a number in [0, 1) (got ${describe(alpha)})` };
    }
  }
  return undefined;
}

/** Validates a spec from untrusted input and fills in defaults; throws ActivationSpecError naming the field. */
export function validateActivationSpec(spec: unknown): ResolvedActivationSpec {
  if (typeof spec === "string") return validateActivationSpec({ name: spec });
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    throw new ActivationSpecError("name", `activation spec must be an object with a name (got ${describe(spec)})`);
  }
  const record = spec as Record<string, unknown>;
  const problem = findProblem(record);
  if (problem) throw new ActivationSpecError(problem.field, problem.message);
  const name = record["name"] as ActivationName;
  const defaults = PARAMS[name];
  const pick = (key: Param, fallback: number): number => (record[key] as number | undefined) ?? defaults[key] ?? fallback;
  // Unused parameters resolve to the neutral values of the GEM kernel (N=1, eps=1, alpha=0).
  return { name, N: pick("N", 1), eps: pick("eps", 1), alpha: pick("alpha", 0) };
}

/** The spec with only the parameters its activation takes, all filled in: what configs and files store. */
export function canonicalActivationSpec(spec: unknown): ActivationSpec {
  const resolved = validateActivationSpec(spec);
  const out: ActivationSpec = { name: resolved.name };
  for (const key of Object.keys(PARAMS[resolved.name]) as Param[]) out[key] = resolved[key];
  return out;
}
