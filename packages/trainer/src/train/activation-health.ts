import * as tf from "@tensorflow/tfjs";
import type { Model, ModelInput } from "../models/model.js";
import type { LayerHealth } from "./metrics.js";

/**
 * Share of the health batch's rows (examples × positions) on which a unit's pre-activation must
 * be negative for it to count as near-dead: 99%. Dead (exactly zero output and derivative) is
 * zero by construction for leaky activations (GELU, SE-GEM); near-dead is not.
 */
export const NEAR_DEAD_NEGATIVE_SHARE = 0.99;

/**
 * Activation health per site. A unit is the last axis (a neuron, or a conv channel); a row is
 * one example (and position) of the health batch.
 * - dead: on every row its output is exactly zero AND the activation's local derivative is
 *   exactly zero, so no gradient can ever revive it (how SE-GEM's "no dead neurons" is checked);
 * - near-dead: its pre-activation is negative (< 0) on at least 99% of the rows.
 */
export async function activationHealth(model: Model, input: ModelInput, act: (x: tf.Tensor) => tf.Tensor): Promise<LayerHealth[]> {
  const sites: Array<{ site: string; z: tf.Tensor }> = [];
  // [alive, near-dead] counts of every site in one tensor, read back once (webgpu reads only asynchronously).
  const counts = tf.tidy(() => {
    model.forward(input, {
      training: false,
      stateUpdates: [],
      act: (z, site) => {
        sites.push({ site, z });
        return act(z);
      },
    });
    const derivative = tf.grad((z: tf.Tensor) => tf.sum(act(z)));
    const perSite = sites.map(({ z }) => {
      const units = z.shape[z.rank - 1]!;
      const flat = tf.reshape(z, [-1, units]);
      const rows = flat.shape[0]!;
      const y = tf.max(tf.abs(act(flat)), 0);
      const d = tf.max(tf.abs(derivative(flat)), 0);
      const alive = tf.sum(tf.cast(tf.greater(tf.add(y, d), 0), "int32"));
      // integer comparison (100·negatives >= 99·rows) so 99% is exact, without float rounding
      const negatives = tf.sum(tf.cast(tf.less(flat, 0), "int32"), 0);
      const nearDead = tf.sum(tf.cast(tf.greaterEqual(tf.mul(negatives, 100), Math.round(NEAR_DEAD_NEGATIVE_SHARE * 100) * rows), "int32"));
      return tf.stack([alive, nearDead]);
    });
    return perSite.length > 0 ? tf.stack(perSite) : tf.zeros([0, 2], "int32");
  });
  const values = await counts.data();
  counts.dispose();
  return sites.map(({ site, z }, i) => {
    const units = z.shape[z.rank - 1]!;
    const deadUnits = units - values[2 * i]!;
    const nearDeadUnits = values[2 * i + 1]!;
    return { site, units, deadUnits, deadFraction: deadUnits / units, nearDeadUnits, nearDeadFraction: nearDeadUnits / units };
  });
}

/** Dead fraction over all sites (units weighted equally). */
export function overallDeadFraction(health: LayerHealth[]): number {
  const units = health.reduce((a, h) => a + h.units, 0);
  return units === 0 ? 0 : health.reduce((a, h) => a + h.deadUnits, 0) / units;
}

/** Near-dead fraction over all sites (units weighted equally). */
export function overallNearDeadFraction(health: LayerHealth[]): number {
  const units = health.reduce((a, h) => a + h.units, 0);
  return units === 0 ? 0 : health.reduce((a, h) => a + h.nearDeadUnits, 0) / units;
}
