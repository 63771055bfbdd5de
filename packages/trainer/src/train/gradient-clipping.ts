import * as tf from "@tensorflow/tfjs";

// Why: the transformer recipes (GPT-2, BERT) clip the gradients' global L2 norm before each
// update, so one bad batch cannot throw the weights far; the norm seen before clipping is what
// the epoch reports and what divergence checks. The training step clips on the device
// (clipByGlobalNormTensors: nothing read back); the async forms read the norm, for tests.

/** The global L2 norm of `grads` as a scalar tensor (summed pairwise: see optimizer.ts on webgpu's addN). */
export function globalNormTensor(grads: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(grads.map((g) => tf.sum(tf.square(g))).reduce((a, b) => tf.add(a, b))) as tf.Scalar);
}

/** The global L2 norm of `grads` (one read-back). */
export async function globalNorm(grads: readonly tf.Tensor[]): Promise<number> {
  const norm = globalNormTensor(grads);
  const value = (await norm.data())[0]!;
  norm.dispose();
  return value;
}

/** Factor that brings a gradient of global norm `norm` down to `maxNorm` (PyTorch's clip_grad_norm_: 1e-6 keeps it strictly below). */
export function clipFactor(norm: number, maxNorm: number): number {
  return norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
}

/**
 * clipFactor on the device: `grads` scaled so their global norm is at most `maxNorm`, and the norm
 * before clipping, nothing read back. The gradients are always new tensors (the caller disposes
 * them); below the bound the factor is exactly 1, so they equal the given ones bit for bit. A
 * non-finite norm leaves the factor at 1 (NaN > maxNorm is false) or 0; the trial ends as
 * diverged either way when the norm is read.
 */
export function clipByGlobalNormTensors(grads: readonly tf.Tensor[], maxNorm: number): { norm: tf.Scalar; grads: tf.Tensor[] } {
  const norm = globalNormTensor(grads);
  const clipped = tf.tidy(() => {
    const factor = tf.where(tf.greater(norm, maxNorm), tf.div(maxNorm, tf.add(norm, 1e-6)), tf.scalar(1));
    return grads.map((g) => tf.mul(g, factor));
  });
  return { norm, grads: clipped };
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
