import { activationFromParts, activationKey, activationLabel, type Activation } from "@gemsweep/contracts";
import type { GemSweepStorage } from "@gemsweep/db";
import type { CURVE_SPLITS } from "./api-schemas";

export type CurveSplit = (typeof CURVE_SPLITS)[number];

/**
 * The metric splits the storage aggregates into curves: the test metric (EpochMetric.metric).
 * A validation curve needs the storage to aggregate the trainer's per-epoch valMetric; until it
 * does, asking for `split=val` is a 400 and the pages keep their split toggle hidden.
 */
export const STORED_CURVE_SPLITS: readonly CurveSplit[] = ["test"];

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
 * The API's learning curves: the storage's per-config curves (test metric per epoch as mean,
 * std, min and max over seeds, aggregated by Postgres; non-finite metrics left out), each named
 * by its table row's key and label, built from the trial's activation columns (never parsed
 * from a key).
 */
export async function sweepCurves(storage: Pick<GemSweepStorage, "sweepCurves">, sweepId: string, limit: number): Promise<Curve[]> {
  const curves = await storage.sweepCurves(sweepId, limit);
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
