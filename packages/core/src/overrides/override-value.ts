// Why: a spec's override may be one value, a list (a grid axis) or { min, max, log } (a range),
// and which of the three it is must follow from the hyperparameter's own rule alone, so that
// `lr: [1e-3, 3e-3]` is an axis while `milestones: [91, 136.5]` stays one value.
import { HYPER_FIELDS, type HyperKey, type HyperValue } from "@gemsweep/contracts";
import * as z from "zod";

/** Values one grid axis may list. */
export const AXIS_MAX = 100;

/** A continuous (or integer) interval a tuning stage samples from: uniformly, or log-uniformly. */
export interface HyperRange {
  min: number;
  max: number;
  log: boolean;
}

/** What an override says, once read: one value, a grid axis, or a range. */
export type OverrideForm =
  | { kind: "fixed"; value: HyperValue }
  | { kind: "axis"; values: HyperValue[] }
  | { kind: "range"; range: HyperRange; int: boolean };

/** An override as the parsed spec holds it (the same shape as written, a range with `log` filled). */
export type OverrideValue = HyperValue | HyperValue[] | HyperRange;

function fieldOf(key: HyperKey): z.ZodType {
  return HYPER_FIELDS[key] as unknown as z.ZodType;
}

/** Whether the hyperparameter is a number (a range makes sense), and whether an integer. */
export function numericKind(key: HyperKey): "int" | "float" | null {
  const field = HYPER_FIELDS[key] as unknown;
  if (!(field instanceof z.ZodNumber)) return null;
  return field.isInt ? "int" : "float";
}

function isRangeObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && ("min" in value || "max" in value);
}

/** The schema of one override of `key`: its value, a non-empty list of values, or (numbers only) a range. */
export function overrideValueSchema(key: HyperKey): z.ZodType<OverrideValue> {
  const field = fieldOf(key);
  const kind = numericKind(key);
  const axis = z
    .array(field)
    .min(1, "a grid axis needs at least one value")
    .max(AXIS_MAX, `a grid axis takes at most ${AXIS_MAX} values`)
    .superRefine((values, ctx) => {
      const seen = new Set<string>();
      values.forEach((v, i) => {
        const text = JSON.stringify(v);
        if (seen.has(text)) ctx.addIssue({ code: "custom", path: [i], message: `duplicate value ${text} in the axis` });
        seen.add(text);
      });
    });
  const what = kind === null ? "a value, or a list of values (a grid axis)" : "a value, a list of values (a grid axis), or { min, max, log? } (a range)";
  if (field instanceof z.ZodArray) {
    // A list-valued hyperparameter (milestones): a list of lists is an axis, anything else one
    // value, so a bad value is reported inside it (`overrides.milestones.0`), not as "no branch".
    return z
      .unknown()
      .superRefine((value, ctx) => {
        const isAxis = Array.isArray(value) && value.length > 0 && value.every((v) => Array.isArray(v));
        const result = (isAxis ? axis : field).safeParse(value);
        if (!result.success)
          for (const issue of result.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message, continue: false });
      })
      .meta({ description: `${key}: ${what}` }) as unknown as z.ZodType<OverrideValue>;
  }
  if (kind === null) return z.union([field, axis], { error: `expected ${what}` }) as unknown as z.ZodType<OverrideValue>;
  const range = z
    .strictObject({ min: field, max: field, log: z.boolean().default(false) })
    .superRefine((r, ctx) => {
      const { min, max, log } = r as { min: number; max: number; log: boolean };
      if (!(min < max)) ctx.addIssue({ code: "custom", path: ["max"], message: `max (${max}) must be above min (${min})` });
      if (log && !(min > 0)) ctx.addIssue({ code: "custom", path: ["min"], message: "a log range needs min > 0" });
    });
  return z.union([field, axis, range], { error: `expected ${what}` }) as unknown as z.ZodType<OverrideValue>;
}

/** Reads a validated override of `key` into its form. */
export function overrideFormOf(key: HyperKey, value: OverrideValue): OverrideForm {
  if (fieldOf(key).safeParse(value).success) return { kind: "fixed", value: value as HyperValue };
  if (Array.isArray(value)) return { kind: "axis", values: value as HyperValue[] };
  if (isRangeObject(value)) {
    const r = value as unknown as HyperRange;
    return { kind: "range", range: { min: r.min, max: r.max, log: r.log ?? false }, int: numericKind(key) === "int" };
  }
  return { kind: "fixed", value: value as HyperValue };
}
