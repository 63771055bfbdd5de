import { activationLabel, ACTIVATION_NAMES, type Activation } from "@gemsweep/contracts";
import { activationKeyOf } from "@gemsweep/core";
import type { PrismaClient } from "@gemsweep/db";

interface CurveRow {
  benchmark: string;
  configKey: string;
  activation: string;
  n: number | null;
  eps: number | null;
  alpha: number | null;
  epoch: number;
  mean: number;
  std: number | null;
  min: number;
  max: number;
  n_seeds: bigint;
}

export interface Curve {
  benchmark: string;
  configKey: string;
  /** The table row this curve belongs to (`e-gem|N=1|eps=0.01`). */
  activationKey: string;
  label: string;
  points: { epoch: number; mean: number; std: number | null; min: number; max: number; n: number }[];
}

function labelOf(row: CurveRow): string {
  if (!(ACTIVATION_NAMES as readonly string[]).includes(row.activation)) return row.activation;
  const config: Activation = { name: row.activation as Activation["name"] };
  if (row.n !== null) config.N = row.n;
  if (row.eps !== null) config.eps = row.eps;
  if (row.alpha !== null) config.alpha = row.alpha;
  return activationLabel(config);
}

/**
 * Learning curves per (benchmark, config): the test metric per epoch as mean, std, min and max
 * over seeds. Aggregated by Postgres (one GROUP BY over the sweep's epochs), so the browser gets
 * configs x epochs points however many seeds and trials the sweep has. Non-finite metrics
 * (diverged epochs) are left out of the band.
 */
export async function sweepCurves(prisma: PrismaClient, sweepId: string, limit: number): Promise<Curve[]> {
  const rows = await prisma.$queryRaw<CurveRow[]>`
    SELECT t.benchmark, t."configKey", t.activation, t.n, t.eps, t.alpha, e.epoch,
           avg(e.metric) AS mean, stddev_samp(e.metric) AS std,
           min(e.metric) AS min, max(e.metric) AS max, count(*) AS n_seeds
    FROM "EpochMetric" e
    JOIN "Trial" t ON t.id = e."trialId"
    WHERE t."sweepId" = ${sweepId}::uuid AND e.metric <> 'NaN'::float8
      AND e.metric <> 'Infinity'::float8 AND e.metric <> '-Infinity'::float8
    GROUP BY t.benchmark, t."configKey", t.activation, t.n, t.eps, t.alpha, e.epoch
    ORDER BY t.benchmark, t."configKey", e.epoch`;
  const curves = new Map<string, Curve>();
  for (const row of rows) {
    const key = `${row.benchmark}\u0000${row.configKey}`;
    let curve = curves.get(key);
    if (!curve) {
      if (curves.size >= limit) continue;
      curve = { benchmark: row.benchmark, configKey: row.configKey, activationKey: activationKeyOf(row.configKey), label: labelOf(row), points: [] };
      curves.set(key, curve);
    }
    curve.points.push({ epoch: row.epoch, mean: row.mean, std: row.std, min: row.min, max: row.max, n: Number(row.n_seeds) });
  }
  return [...curves.values()];
}
