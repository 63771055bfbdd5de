import type { CurveSplit } from "@gemsweep/contracts";
import type { SweptValues } from "@gemsweep/core";
import { Prisma, type PrismaClient } from "./prisma-client.js";

/** The per-epoch column of each split (epochs recorded before the split columns existed hold the test metric in `metric`). */
const SPLIT_COLUMN: Record<CurveSplit, Prisma.Sql> = {
  test: Prisma.sql`coalesce(e."testMetric", e.metric)`,
  val: Prisma.sql`e."valMetric"`,
};

/** One point of a learning curve: the split's metric at an epoch, over the config's seeds. */
export interface CurvePoint {
  epoch: number;
  mean: number;
  /** sample standard deviation; null with a single seed */
  std: number | null;
  min: number;
  max: number;
  /** seeds with a finite metric at this epoch */
  n: number;
}

/** A config's learning curve, with the Trial columns that name the config (labels are the caller's). */
export interface SweepCurve {
  benchmark: string;
  configKey: string;
  activation: string;
  n: number | null;
  eps: number | null;
  alpha: number | null;
  /** the swept hyperparameters' values of its table row ({} when nothing is swept) */
  values: SweptValues;
  points: CurvePoint[];
}

interface CurveRow extends Omit<SweepCurve, "points" | "values"> {
  values: SweptValues | null;
  epoch: number;
  mean: number;
  std: number | null;
  min: number;
  max: number;
  n_seeds: bigint;
}

/**
 * Learning curves per (benchmark, config), at most `limit` configs (ordered by benchmark, then
 * config key): the split's metric per epoch (validation: valMetric, absent for trials run
 * without a validation split; test: testMetric) as mean, std, min and max over seeds. Aggregated by
 * Postgres (one GROUP BY over the sweep's epochs), so callers get configs x epochs points however
 * many seeds and trials the sweep has. Non-finite metrics (diverged epochs) are left out. The
 * comparison's trials only: a two-stage sweep's tuning trials are sweepTuning's.
 */
export async function sweepCurves(
  prisma: PrismaClient,
  sweepId: string,
  limit: number,
  split: CurveSplit = "test",
): Promise<SweepCurve[]> {
  const value = SPLIT_COLUMN[split];
  const rows = await prisma.$queryRaw<CurveRow[]>`
    SELECT t.benchmark, t."configKey", t.activation, t.n, t.eps, t.alpha, t.config->'values' AS values, e.epoch,
           avg(${value}) AS mean, stddev_samp(${value}) AS std,
           min(${value}) AS min, max(${value}) AS max, count(*) AS n_seeds
    FROM "EpochMetric" e
    JOIN "Trial" t ON t.id = e."trialId"
    WHERE t."sweepId" = ${sweepId}::uuid AND t.stage = 'COMPARE' AND ${value} IS NOT NULL AND ${value} <> 'NaN'::float8
      AND ${value} <> 'Infinity'::float8 AND ${value} <> '-Infinity'::float8
    GROUP BY t.benchmark, t."configKey", t.activation, t.n, t.eps, t.alpha, t.config->'values', e.epoch
    ORDER BY t.benchmark, t."configKey", e.epoch`;
  const curves = new Map<string, SweepCurve>();
  for (const row of rows) {
    const key = `${row.benchmark}\u0000${row.configKey}`;
    let curve = curves.get(key);
    if (!curve) {
      if (curves.size >= limit) continue;
      const { benchmark, configKey, activation, n, eps, alpha } = row;
      curve = { benchmark, configKey, activation, n, eps, alpha, values: row.values ?? {}, points: [] };
      curves.set(key, curve);
    }
    curve.points.push({
      epoch: row.epoch,
      mean: row.mean,
      std: row.std,
      min: row.min,
      max: row.max,
      n: Number(row.n_seeds),
    });
  }
  return [...curves.values()];
}
