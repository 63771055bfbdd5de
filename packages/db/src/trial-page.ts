import { type TrialStage, type TrialStatus } from "@gemsweep/contracts";
import type { SweptValues } from "@gemsweep/core";
import type { PrismaClient } from "./prisma-client.js";

/** A trial as a sweep's trial list shows it: its Trial columns and how many attempts it took. */
export interface TrialPageRow {
  id: string;
  benchmark: string;
  activation: string;
  n: number | null;
  eps: number | null;
  alpha: number | null;
  seed: number;
  configKey: string;
  status: TrialStatus;
  finalMetric: number | null;
  bestMetric: number | null;
  /** the epoch with the best validation metric (null without validation) */
  bestEpoch: number | null;
  epochsDone: number;
  error: string | null;
  attempts: number;
  /** TUNE (stage 1) or COMPARE */
  stage: TrialStage;
  /** a tuning trial's setting number, and the highest ASHA rung it was decided at */
  sample: number | null;
  rung: number | null;
  /** the swept values it trains with: its row's, a tuning trial's setting, a comparison trial's chosen setting */
  values: SweptValues;
}

export interface TrialPage {
  trials: TrialPageRow[];
  /** trials matching the filter, over all pages */
  total: number;
  limit: number;
  offset: number;
}

/**
 * One page of a sweep's trials, lean: the Trial columns the list shows and the attempt count,
 * never the per-epoch rows. Ordered as the table is (benchmark, config, then seed); `status`
 * filters; the total comes from the (sweepId, status) index.
 */
export async function trialPage(
  prisma: PrismaClient,
  sweepId: string,
  query: { status?: TrialStatus | undefined; stage?: TrialStage | undefined; limit: number; offset: number },
): Promise<TrialPage> {
  const where = { sweepId, ...(query.status ? { status: query.status } : {}), ...(query.stage ? { stage: query.stage } : {}) };
  const [rows, total] = await Promise.all([
    prisma.trial.findMany({
      where,
      orderBy: [{ benchmark: "asc" }, { configKey: "asc" }, { seed: "asc" }],
      take: query.limit,
      skip: query.offset,
      select: {
        id: true,
        benchmark: true,
        activation: true,
        n: true,
        eps: true,
        alpha: true,
        seed: true,
        configKey: true,
        status: true,
        finalMetric: true,
        bestMetric: true,
        bestEpoch: true,
        epochsDone: true,
        error: true,
        stage: true,
        sample: true,
        rung: true,
        config: true,
        _count: { select: { attempts: true } },
      },
    }),
    prisma.trial.count({ where }),
  ]);
  return {
    trials: rows.map(({ _count, config, ...t }) => ({ ...t, attempts: _count.attempts, values: valuesOf(config) })),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}

/** The swept values in a trial's stored config: its row's, then its setting or chosen values. */
function valuesOf(config: unknown): SweptValues {
  const c = (config ?? {}) as { values?: SweptValues; setting?: SweptValues; chosen?: SweptValues };
  return { ...(c.values ?? {}), ...(c.setting ?? {}), ...(c.chosen ?? {}) };
}
