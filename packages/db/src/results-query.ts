import { buildComparisonTable, tableOptionsOf, type ComparisonTable, type ComparisonTableOptions, type SweptValues, type TableTrialRow } from "@gemsweep/core";
import { Prisma, type PrismaClient } from "./prisma-client.js";
import { assertUuid, SweepStore } from "./sweep-store.js";

// An epoch's dead / near-dead fraction: its column, or (an epoch recorded before the columns
// existed) the ratio of the per-site counts in its health JSON. Written out per epoch alias
// (f: the last epoch, b: the best one) and kind: no SQL is assembled from strings.
const FINAL_DEAD = Prisma.sql`coalesce(f."deadFraction", CASE WHEN jsonb_typeof(f.health) = 'array' THEN (
  SELECT sum((h->>'deadUnits')::float8) / nullif(sum((h->>'units')::float8), 0) FROM jsonb_array_elements(f.health) h
  WHERE h->>'deadUnits' IS NOT NULL AND h->>'units' IS NOT NULL) END)`;
const FINAL_NEAR_DEAD = Prisma.sql`coalesce(f."nearDeadFraction", CASE WHEN jsonb_typeof(f.health) = 'array' THEN (
  SELECT sum((h->>'nearDeadUnits')::float8) / nullif(sum((h->>'units')::float8), 0) FROM jsonb_array_elements(f.health) h
  WHERE h->>'nearDeadUnits' IS NOT NULL AND h->>'units' IS NOT NULL) END)`;
const BEST_DEAD = Prisma.sql`coalesce(b."deadFraction", CASE WHEN jsonb_typeof(b.health) = 'array' THEN (
  SELECT sum((h->>'deadUnits')::float8) / nullif(sum((h->>'units')::float8), 0) FROM jsonb_array_elements(b.health) h
  WHERE h->>'deadUnits' IS NOT NULL AND h->>'units' IS NOT NULL) END)`;
const BEST_NEAR_DEAD = Prisma.sql`coalesce(b."nearDeadFraction", CASE WHEN jsonb_typeof(b.health) = 'array' THEN (
  SELECT sum((h->>'nearDeadUnits')::float8) / nullif(sum((h->>'units')::float8), 0) FROM jsonb_array_elements(b.health) h
  WHERE h->>'nearDeadUnits' IS NOT NULL AND h->>'units' IS NOT NULL) END)`;

interface TableRowRecord {
  benchmark: string;
  configKey: string;
  activation: string;
  n: number | null;
  eps: number | null;
  alpha: number | null;
  seed: number;
  status: string;
  finalMetric: number | null;
  bestMetric: number | null;
  bestEpoch: number | null;
  finalDead: number | null;
  finalNearDead: number | null;
  bestDead: number | null;
  bestNearDead: number | null;
}

/**
 * The columns the table needs: the Trial row, and the dead / near-dead fractions at the two
 * epochs a table can report (the last recorded one for `value: final`, bestEpoch for `best`):
 * one indexed lookup of EpochMetric (trialId, epoch) per trial, no per-epoch scan.
 */
export async function tableRows(prisma: PrismaClient, sweepId: string): Promise<TableTrialRow[]> {
  // the comparison's trials only: a two-stage sweep's tuning trials are shown by sweepTuning
  const rows = await prisma.$queryRaw<TableRowRecord[]>`
    SELECT t.benchmark, t."configKey", t.activation, t.n, t.eps, t.alpha, t.seed, t.status::text AS status,
           t."finalMetric", t."bestMetric", t."bestEpoch",
           ${FINAL_DEAD} AS "finalDead", ${FINAL_NEAR_DEAD} AS "finalNearDead",
           ${BEST_DEAD} AS "bestDead", ${BEST_NEAR_DEAD} AS "bestNearDead"
    FROM "Trial" t
    LEFT JOIN LATERAL (
      SELECT e."deadFraction", e."nearDeadFraction", e.health FROM "EpochMetric" e
      WHERE e."trialId" = t.id ORDER BY e.epoch DESC LIMIT 1
    ) f ON true
    LEFT JOIN "EpochMetric" b ON b."trialId" = t.id AND b.epoch = t."bestEpoch"
    WHERE t."sweepId" = ${assertUuid(sweepId, "sweep")}::uuid AND t.stage = 'COMPARE'`;
  return rows.map((t) => ({
    benchmark: t.benchmark,
    configKey: t.configKey,
    activation: { name: t.activation, N: t.n, eps: t.eps, alpha: t.alpha },
    seed: t.seed,
    status: t.status,
    finalMetric: t.finalMetric,
    bestMetric: t.bestMetric,
    bestEpoch: t.bestEpoch,
    deadFraction: t.finalDead,
    nearDeadFraction: t.finalNearDead,
    bestDeadFraction: t.bestDead,
    bestNearDeadFraction: t.bestNearDead,
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
