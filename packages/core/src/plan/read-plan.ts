import { ErrorCode, GemSweepError, parseOrThrow } from "@gemsweep/contracts";
import { parseSpec } from "../spec.js";
import { planSweep } from "./plan-sweep.js";
import { PLAN_VERSION, planV1Schema, planV2Schema, type SweepPlan, type SweepPlanV1 } from "./sweep-plan.js";

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
      return upgradePlanV1(parseOrThrow(planV1Schema, stored, "stored sweep plan (version 1)", ErrorCode.INTERNAL));
    case 2:
      return parseOrThrow(planV2Schema, stored, "stored sweep plan (version 2)", ErrorCode.INTERNAL);
    default:
      throw new GemSweepError(
        ErrorCode.INTERNAL,
        `stored sweep plan has version ${String(version)}; this GemSweep reads versions up to ${PLAN_VERSION} (upgrade GemSweep)`,
      );
  }
}

/** Version 1 had one stage and activation-only rows: nothing swept, nothing tuned. */
export function upgradePlanV1(v1: SweepPlanV1): SweepPlan {
  return {
    ...v1,
    version: 2,
    rows: v1.rows.map((r) => ({ ...r, swept: {} })),
    configs: v1.configs.map((c) => ({ ...c, tuned: [] })),
    swept: [],
    tuning: null,
  };
}
