import * as tf from "@tensorflow/tfjs";
import { loadBackend } from "@gemsweep/kernels";
import { Optimizer, type NamedVariable, type OptimizerConfig } from "../../src/index.js";
import { randoms } from "./random-values.js";

/**
 * `steps` updates of a [64, 33] weight (decayed) and a [33] bias (not) on `backend`, with the same
 * seeded weights and gradients every time: the norms each step returned and the final weights.
 */
export async function optimizerSteps(backend: "cpu" | "wasm" | "webgpu", config: OptimizerConfig, steps = 5): Promise<{ norms: number[]; weights: Float32Array[] }> {
  await loadBackend(backend);
  const params: NamedVariable[] = [
    { name: "w", variable: tf.variable(tf.tensor2d(randoms(64 * 33, 5), [64, 33])), decay: true },
    { name: "b", variable: tf.variable(tf.tensor1d(randoms(33, 6))), decay: false },
  ];
  const optimizer = new Optimizer(config);
  const norms: number[] = [];
  for (let step = 0; step < steps; step++) {
    const grads = params.map((p, i) => tf.tensor(randoms(p.variable.size, 10 * step + i), p.variable.shape));
    norms.push(await optimizer.apply(params, grads));
    tf.dispose(grads);
  }
  const weights = await Promise.all(params.map(async (p) => (await p.variable.data()) as Float32Array));
  optimizer.dispose();
  params.forEach((p) => p.variable.dispose());
  return { norms, weights };
}
