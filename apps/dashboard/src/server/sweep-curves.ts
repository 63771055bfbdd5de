import { activationFromParts, activationKey, activationLabel, type Activation } from "@gemsweep/contracts";
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
  /** The table row this curve belongs to (`e-gem|N=1|eps=0.01`), and its activation as a value. */
  activationKey: string;
  activation: Activation | null;
  label: string;
  points: { epoch: number; mean: number; std: number | null; min: number; max: number; n: number }[];
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
      const activation = activationFromParts({ name: row.activation, N: row.n, eps: row.eps, alpha: row.alpha });
      curve = {
        benchmark: row.benchmark,
        configKey: row.configKey,
        activationKey: activation ? activationKey(activation) : row.activation,
        activation,
        label: activation ? activationLabel(activation) : row.activation,
        points: [],
      };
      curves.set(key, curve);
    }
    curve.points.push({ epoch: row.epoch, mean: row.mean, std: row.std, min: row.min, max: row.max, n: Number(row.n_seeds) });
  }
  return [...curves.values()];
}
