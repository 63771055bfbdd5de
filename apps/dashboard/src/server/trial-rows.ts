import { type TrialStatus } from "@gemsweep/contracts";
import type { PrismaClient } from "@gemsweep/db";

/**
 * One page of a sweep's trials, lean: the Trial columns the list shows and the attempt count,
 * never the per-epoch rows. Ordered as the table is (config, then seed); the total comes from
 * the (sweepId, status) index.
 */
export async function trialPage(prisma: PrismaClient, sweepId: string, query: { status?: TrialStatus | undefined; limit: number; offset: number }) {
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
