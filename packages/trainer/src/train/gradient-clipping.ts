import * as tf from "@tensorflow/tfjs";

// Why: the transformer recipes (GPT-2, BERT) clip the gradients' global L2 norm before each
// update, so one bad batch cannot throw the weights far; the norm seen before clipping is what
// the epoch reports and what divergence checks.

/** The global L2 norm of `grads` (one read-back, summed pairwise: see optimizer.ts on webgpu's addN). */
export async function globalNorm(grads: readonly tf.Tensor[]): Promise<number> {
  const norm = tf.tidy(() => tf.sqrt(grads.map((g) => tf.sum(tf.square(g))).reduce((a, b) => tf.add(a, b))));
  const value = (await norm.data())[0]!;
  norm.dispose();
  return value;
}

/** Factor that brings a gradient of global norm `norm` down to `maxNorm` (PyTorch's clip_grad_norm_: 1e-6 keeps it strictly below). */
export function clipFactor(norm: number, maxNorm: number): number {
  return norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
}

/**
 * Scales `grads` so their global norm is at most `maxNorm`. Returns the norm before clipping and
 * the gradients to apply: the same tensors when no clipping was needed (nothing to dispose),
 * else new ones the caller disposes.
 */
export async function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): Promise<{ norm: number; grads: tf.Tensor[]; clipped: boolean }> {
  const norm = await globalNorm(grads);
  const factor = clipFactor(norm, maxNorm);
  if (factor === 1 || !Number.isFinite(norm)) return { norm, grads, clipped: false };
  return { norm, grads: grads.map((g) => tf.mul(g, factor)), clipped: true };
}
