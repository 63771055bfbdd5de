import * as tf from "@tensorflow/tfjs";
import type { Model, ModelInput } from "../models/model.js";
import type { LayerHealth } from "./metrics.js";

/**
 * Dead units per activation site: a unit (last axis: a neuron, or a conv channel) is dead when,
 * over every example (and position) of the batch, its output is exactly zero AND the
 * activation's local derivative is exactly zero, so no gradient can ever revive it. This is how
 * SE-GEM's "no dead neurons" claim is checked against ReLU / GEM.
 */
export function activationHealth(model: Model, input: ModelInput, act: (x: tf.Tensor) => tf.Tensor): LayerHealth[] {
  const sites: Array<{ site: string; z: tf.Tensor }> = [];
  const health: LayerHealth[] = [];
  tf.tidy(() => {
    model.forward(input, {
      training: false,
      stateUpdates: [],
      act: (z, site) => {
        sites.push({ site, z });
        return act(z);
      },
    });
    const derivative = tf.grad((z: tf.Tensor) => tf.sum(act(z)));
    for (const { site, z } of sites) {
      const units = z.shape[z.rank - 1]!;
      const flat = tf.reshape(z, [-1, units]);
      const y = tf.max(tf.abs(act(flat)), 0);
      const d = tf.max(tf.abs(derivative(flat)), 0);
      const alive = tf.greater(tf.add(y, d), 0);
      const aliveCount = tf.sum(tf.cast(alive, "int32")).dataSync()[0]!;
      const deadUnits = units - aliveCount;
      health.push({ site, units, deadUnits, deadFraction: deadUnits / units });
    }
  });
  return health;
}

/** Dead fraction over all sites (units weighted equally). */
export function overallDeadFraction(health: LayerHealth[]): number {
  const units = health.reduce((a, h) => a + h.units, 0);
  return units === 0 ? 0 : health.reduce((a, h) => a + h.deadUnits, 0) / units;
}
