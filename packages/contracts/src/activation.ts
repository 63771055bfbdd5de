import * as z from "zod";
import {
  ACTIVATION_PARAM_SCHEMAS,
  ACTIVATIONS,
  activationNameSchema,
  isActivationName,
  paramNotAllowedMessage,
  paramsOf,
  type ActivationName,
  type ActivationParam,
} from "./activation-catalog.js";
import { ErrorCode } from "./errors.js";
import { parseOrThrow } from "./zod-issues.js";

// One concrete activation, `{ name, N?, eps?, alpha? }`: the value a trial trains with, a job
// carries, a table row and a curve are labelled by. It keeps this type from the spec to the kernel.

export interface Activation {
  name: ActivationName;
  N?: number;
  eps?: number;
  alpha?: number;
}

/** Adds an issue for each parameter `name` does not take (a typo must not change what runs silently). */
export function refuseForeignParams(
  value: { name: ActivationName } & Partial<Record<ActivationParam, unknown>>,
  ctx: z.RefinementCtx,
): void {
  const takes = paramsOf(value.name);
  for (const p of ["N", "eps", "alpha"] as const) {
    if (value[p] !== undefined && !takes.includes(p)) {
      ctx.addIssue({ code: "custom", path: [p], message: paramNotAllowedMessage(value.name, p) });
    }
  }
}

/** A concrete activation as input: parameters optional (defaults fill them), foreign ones refused. */
export const activationSchema = z
  .strictObject({
    name: activationNameSchema,
    N: ACTIVATION_PARAM_SCHEMAS.N.optional(),
    eps: ACTIVATION_PARAM_SCHEMAS.eps.optional(),
    alpha: ACTIVATION_PARAM_SCHEMAS.alpha.optional(),
  })
  .superRefine(refuseForeignParams)
  .transform(withDefaults);

/** The activation with exactly the parameters its name takes, each present (defaults filled). */
export function withDefaults(a: Activation): Activation {
  const out: Activation = { name: a.name };
  for (const p of paramsOf(a.name)) out[p] = a[p] ?? (ACTIVATIONS[a.name].params[p] as number);
  return out;
}

/**
 * Validates untrusted input (an object, or a bare name) into its canonical form; throws
 * GemSweepError INVALID_INPUT whose issues name the bad field (`eps`, `N`, `name`).
 */
export function parseActivation(input: unknown, what = "activation"): Activation {
  const value = typeof input === "string" ? { name: input } : input;
  return parseOrThrow(activationSchema, value, what, ErrorCode.INVALID_INPUT);
}

/** The value of a parameter the activation takes (its default when absent). */
export function paramValue(a: Activation, param: ActivationParam): number | undefined {
  return a[param] ?? ACTIVATIONS[a.name].params[param];
}

/** Two activations are the same config (defaults count: `gem` equals `gem N=1`). */
export function sameActivation(a: Activation, b: Activation): boolean {
  if (a.name !== b.name) return false;
  return paramsOf(a.name).every((p) => paramValue(a, p) === paramValue(b, p));
}

/**
 * The activation from its stored parts (a trial's database columns: absent parameters are null),
 * defaults filled; null when the catalog does not know the name (a row written by another version).
 */
export function activationFromParts(parts: {
  name: string;
  N?: number | null;
  eps?: number | null;
  alpha?: number | null;
}): Activation | null {
  if (!isActivationName(parts.name)) return null;
  const a: Activation = { name: parts.name };
  for (const p of paramsOf(parts.name)) {
    const value = parts[p];
    if (value !== null && value !== undefined) a[p] = value;
  }
  return withDefaults(a);
}
