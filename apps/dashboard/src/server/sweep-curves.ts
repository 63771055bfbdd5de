import { activationFromParts, activationKey, type Activation, type CurveSplit } from "@gemsweep/contracts";
import { rowKeyOf, rowLabelOf } from "@gemsweep/core";
import type { GemSweepStorage } from "@gemsweep/db";
export interface Curve {
  benchmark: string;
  configKey: string;
  /** The table row this curve belongs to (`e-gem|N=1|eps=0.01`, with swept values `…|lr=0.003`), and its activation as a value. */
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
      activationKey: rowKeyOf(activation ? activationKey(activation) : curve.activation, curve.values),
      activation,
      label: activation ? rowLabelOf(activation, curve.values) : curve.activation,
      points: curve.points,
    };
  });
}
