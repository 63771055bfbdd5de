import { type TrialStatus } from "@gemsweep/contracts";
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
  query: { status?: TrialStatus | undefined; limit: number; offset: number },
): Promise<TrialPage> {
  const where = { sweepId, ...(query.status ? { status: query.status } : {}) };
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
        _count: { select: { attempts: true } },
      },
    }),
    prisma.trial.count({ where }),
  ]);
  return {
    trials: rows.map(({ _count, ...t }) => ({ ...t, attempts: _count.attempts })),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}
