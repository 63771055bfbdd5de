import { activationKeyOf, activationLabel, ACTIVATION_NAMES, type ActivationConfig } from "@gemsweep/core";
import type { GemSweepStorage, SweepCurve } from "@gemsweep/db";

export interface Curve {
  benchmark: string;
  configKey: string;
  /** The table row this curve belongs to (`e-gem|N=1|eps=0.01`). */
  activationKey: string;
  label: string;
  points: { epoch: number; mean: number; std: number | null; min: number; max: number; n: number }[];
}

function labelOf(row: SweepCurve): string {
  if (!(ACTIVATION_NAMES as readonly string[]).includes(row.activation)) return row.activation;
  const config: ActivationConfig = { name: row.activation as ActivationConfig["name"] };
  if (row.n !== null) config.N = row.n;
  if (row.eps !== null) config.eps = row.eps;
  if (row.alpha !== null) config.alpha = row.alpha;
  return activationLabel(config);
}

/**
 * The API's learning curves: the storage's per-config curves (test metric per epoch as mean,
 * std, min and max over seeds, aggregated by Postgres; non-finite metrics left out), each named
 * by its table row's key and label.
 */
export async function sweepCurves(storage: Pick<GemSweepStorage, "sweepCurves">, sweepId: string, limit: number): Promise<Curve[]> {
  const curves = await storage.sweepCurves(sweepId, limit);
  return curves.map((curve) => ({
    benchmark: curve.benchmark,
    configKey: curve.configKey,
    activationKey: activationKeyOf(curve.configKey),
    label: labelOf(curve),
    points: curve.points,
  }));
}
