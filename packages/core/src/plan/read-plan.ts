import { ErrorCode, GemSweepError, parseOrThrow } from "@gemsweep/contracts";
import { parseSpec } from "../spec.js";
import { planSweep } from "./plan-sweep.js";
import { planV1Schema, type SweepPlan } from "./sweep-plan.js";

/**
 * A stored plan read back: validated, and upgraded when it was written by an older version.
 * Sweeps stored before plans existed (no plan, only the submitted spec) get one derived from
 * their spec, once; the caller stores it so that this happens a single time.
 */
export function readPlan(stored: unknown, submittedSpec?: unknown): SweepPlan {
  if (stored === null || stored === undefined) {
    if (submittedSpec === undefined)
      throw new GemSweepError(ErrorCode.INTERNAL, "the sweep has neither a plan nor a spec");
    return planSweep(parseSpec(submittedSpec)).plan;
  }
  const version = (stored as { version?: unknown }).version;
  switch (version) {
    case 1:
      return parseOrThrow(planV1Schema, stored, "stored sweep plan (version 1)", ErrorCode.INTERNAL);
    default:
      throw new GemSweepError(
        ErrorCode.INTERNAL,
        `stored sweep plan has version ${String(version)}; this GemSweep reads versions up to 1 (upgrade GemSweep)`,
      );
  }
}
