import { buildComparisonTable, tableOptionsOf, type ComparisonTable, type ComparisonTableOptions, type SweptValues, type TableTrialRow } from "@gemsweep/core";
import type { PrismaClient } from "./prisma-client.js";
import { SweepStore } from "./sweep-store.js";

/** The columns the table needs, straight from the indexed Trial table (no per-epoch rows). */
export async function tableRows(prisma: PrismaClient, sweepId: string): Promise<TableTrialRow[]> {
  const trials = await prisma.trial.findMany({
    // the comparison's trials only: a two-stage sweep's tuning trials are shown by sweepTuning
    where: { sweepId, stage: "COMPARE" },
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

/** The settings stage 1 chose, by comparison config key (none for a one-stage sweep). */
export async function chosenSettings(prisma: PrismaClient, sweepId: string): Promise<Map<string, SweptValues>> {
  const choices = await prisma.tuningChoice.findMany({ where: { sweepId }, select: { configKey: true, values: true } });
  return new Map(choices.filter((c) => c.values !== null).map((c) => [c.configKey, c.values as SweptValues]));
}

/**
 * The sweep's comparison table: rows, columns and baseline from its stored plan, numbers from
 * its comparison trials (stage 2 of a two-stage sweep, with each config's chosen setting).
 */
export async function sweepTable(
  prisma: PrismaClient,
  sweepId: string,
  options: Partial<Pick<ComparisonTableOptions, "pivot" | "value" | "baseline">> = {},
): Promise<ComparisonTable> {
  const plan = await new SweepStore(prisma).getSweepPlan(sweepId);
  const [rows, chosen] = await Promise.all([tableRows(prisma, sweepId), plan.tuning ? chosenSettings(prisma, sweepId) : new Map<string, SweptValues>()]);
  return buildComparisonTable(rows, {
    ...tableOptionsOf(plan),
    chosen,
    ...stripUndefined(options),
  });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
