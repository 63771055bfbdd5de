import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../rng.js";
import type { NamedVariable } from "./model.js";

// Initial values are drawn in JS from the trial's seeded Rng, so the same seed gives bit-equal
// weights on every backend and for every activation (paired runs).

export class ParamFactory {
  readonly params: NamedVariable[] = [];
  readonly state: NamedVariable[] = [];

  constructor(private readonly rng: Rng) {}

  private add(list: NamedVariable[], name: string, shape: number[], values: Float32Array, decay: boolean, trainable: boolean): tf.Variable {
    const t = tf.tensor(values, shape, "float32");
    const variable = tf.variable(t, trainable);
    t.dispose();
    list.push({ name, variable, decay });
    return variable;
  }

  /** N(0, std^2) weights. */
  normal(name: string, shape: number[], std: number, decay = true): tf.Variable {
    const size = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(size);
    for (let i = 0; i < size; i++) v[i] = this.rng.normal() * std;
    return this.add(this.params, name, shape, v, decay, true);
  }

  /** He-normal for a weight with `fanIn` inputs (ReLU-family nets). */
  he(name: string, shape: number[], fanIn: number): tf.Variable {
    return this.normal(name, shape, Math.sqrt(2 / fanIn));
  }

  constant(name: string, shape: number[], value: number, decay = false): tf.Variable {
    const size = shape.reduce((a, b) => a * b, 1);
    return this.add(this.params, name, shape, new Float32Array(size).fill(value), decay, true);
  }

  /** Non-trainable state (running mean / variance). */
  stateConstant(name: string, shape: number[], value: number): tf.Variable {
    const size = shape.reduce((a, b) => a * b, 1);
    return this.add(this.state, name, shape, new Float32Array(size).fill(value), false, false);
  }

  dispose(): void {
    for (const p of [...this.params, ...this.state]) p.variable.dispose();
  }
}
