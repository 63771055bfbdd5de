import * as tf from "@tensorflow/tfjs";
import type { Model, ModelInput } from "../models/model.js";
import type { LayerHealth } from "./metrics.js";

/**
 * Dead units per activation site: a unit (last axis: a neuron, or a conv channel) is dead when,
 * over every example (and position) of the batch, its output is exactly zero AND the
 * activation's local derivative is exactly zero, so no gradient can ever revive it. This is how
 * SE-GEM's "no dead neurons" claim is checked against ReLU / GEM.
 */
export async function activationHealth(model: Model, input: ModelInput, act: (x: tf.Tensor) => tf.Tensor): Promise<LayerHealth[]> {
  const sites: Array<{ site: string; z: tf.Tensor }> = [];
  // The alive count of every site in one tensor, read back once (webgpu reads only asynchronously).
  const aliveCounts = tf.tidy(() => {
    model.forward(input, {
      training: false,
      stateUpdates: [],
      act: (z, site) => {
        sites.push({ site, z });
        return act(z);
      },
    });
    const derivative = tf.grad((z: tf.Tensor) => tf.sum(act(z)));
    const counts = sites.map(({ z }) => {
      const units = z.shape[z.rank - 1]!;
      const flat = tf.reshape(z, [-1, units]);
      const y = tf.max(tf.abs(act(flat)), 0);
      const d = tf.max(tf.abs(derivative(flat)), 0);
      return tf.sum(tf.cast(tf.greater(tf.add(y, d), 0), "int32"));
    });
    return counts.length > 0 ? tf.stack(counts) : tf.zeros([0], "int32");
  });
  const alive = await aliveCounts.data();
  aliveCounts.dispose();
  return sites.map(({ site, z }, i) => {
    const units = z.shape[z.rank - 1]!;
    const deadUnits = units - alive[i]!;
    return { site, units, deadUnits, deadFraction: deadUnits / units };
  });
}

/** Dead fraction over all sites (units weighted equally). */
export function overallDeadFraction(health: LayerHealth[]): number {
  const units = health.reduce((a, h) => a + h.units, 0);
  return units === 0 ? 0 : health.reduce((a, h) => a + h.deadUnits, 0) / units;
}
