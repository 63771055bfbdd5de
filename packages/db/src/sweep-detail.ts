// Why: the sweep page and the compare view need a sweep's summary with its submitted spec and stored plan in one read.
import type { SweepPlan } from "@gemsweep/core";
import type { PrismaClient } from "./prisma-client.js";
import { SweepStore, type SweepSummaryRow } from "./sweep-store.js";

export interface SweepDetail extends SweepSummaryRow {
  /** The spec exactly as submitted (after YAML parsing): what to rerun or edit. */
  spec: unknown;
  /** What the spec expanded to (stored at submit; derived once for sweeps older than plans). */
  plan: SweepPlan;
}

/** One sweep: status counts and total, the submitted spec and the stored plan; a 404 when there is none. */
export async function sweepDetail(prisma: PrismaClient, sweepId: string): Promise<SweepDetail> {
  const store = new SweepStore(prisma);
  const summary = await store.getSweep(sweepId);
  const [{ sweep }, plan] = await Promise.all([
    store.getSweepSpec(sweepId),
    store.getSweepPlan(sweepId),
  ]);
  return { ...summary, spec: sweep.spec, plan };
}
