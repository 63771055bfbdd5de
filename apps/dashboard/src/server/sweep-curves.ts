import { activationFromParts, activationKey, activationLabel, type Activation, type CurveSplit } from "@gemsweep/contracts";
import type { GemSweepStorage } from "@gemsweep/db";
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
 * The API's learning curves: the storage's per-config curves (the split's metric per epoch as
 * mean, std, min and max over seeds, aggregated by Postgres; non-finite metrics left out), each named
 * by its table row's key and label, built from the trial's activation columns (never parsed
 * from a key).
 */
export async function sweepCurves(storage: Pick<GemSweepStorage, "sweepCurves">, sweepId: string, limit: number, split: CurveSplit): Promise<Curve[]> {
  const curves = await storage.sweepCurves(sweepId, limit, split);
  return curves.map((curve) => {
    const activation = activationFromParts({ name: curve.activation, N: curve.n, eps: curve.eps, alpha: curve.alpha });
    return {
      benchmark: curve.benchmark,
      configKey: curve.configKey,
      activationKey: activation ? activationKey(activation) : curve.activation,
      activation,
      label: activation ? activationLabel(activation) : curve.activation,
      points: curve.points,
    };
  });
}
