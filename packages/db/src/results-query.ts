import { buildComparisonTable, tableOptionsOf, type ComparisonTable, type ComparisonTableOptions, type TableTrialRow } from "@gemsweep/core";
import type { PrismaClient } from "./prisma-client.js";
import { SweepStore } from "./sweep-store.js";

/** The columns the table needs, straight from the indexed Trial table (no per-epoch rows). */
export async function tableRows(prisma: PrismaClient, sweepId: string): Promise<TableTrialRow[]> {
  const trials = await prisma.trial.findMany({
    where: { sweepId },
    select: {
      benchmark: true,
      configKey: true,
      activation: true,
      n: true,
      eps: true,
      alpha: true,
      seed: true,
      status: true,
      finalMetric: true,
      bestMetric: true,
      bestEpoch: true,
    },
  });
  return trials.map((t) => ({
    benchmark: t.benchmark,
    configKey: t.configKey,
    activation: { name: t.activation, N: t.n, eps: t.eps, alpha: t.alpha },
    seed: t.seed,
    status: t.status,
    finalMetric: t.finalMetric,
    bestMetric: t.bestMetric,
    bestEpoch: t.bestEpoch,
  }));
}

/** The sweep's comparison table: rows, columns and baseline from its stored plan, numbers from its trials. */
export async function sweepTable(
  prisma: PrismaClient,
  sweepId: string,
  options: Partial<Pick<ComparisonTableOptions, "pivot" | "value" | "baseline">> = {},
): Promise<ComparisonTable> {
  const plan = await new SweepStore(prisma).getSweepPlan(sweepId);
  return buildComparisonTable(await tableRows(prisma, sweepId), {
    ...tableOptionsOf(plan),
    ...stripUndefined(options),
  });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
