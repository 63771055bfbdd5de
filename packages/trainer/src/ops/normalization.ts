import * as tf from "@tensorflow/tfjs";
import { BATCH_NORM_KERNEL, batchNormTraining } from "@gemsweep/kernels";

// Batch norm and layer norm with their closed-form gradients (a few ops instead of tfjs
// differentiating moments() op by op). Training-mode batch norm is the kernels package's
// GemSweepBatchNorm where the backend has it (wasm, cpu: five passes over the tensor instead of
// ~20 ops).

/** Normalizes over `axes` (batch-norm: all but channels; layer-norm: the last axis). */
function normalize(x: tf.Tensor, axes: number[], eps: number): { xhat: tf.Tensor; rstd: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  const { mean, variance } = tf.moments(x, axes, true);
  const rstd = tf.rsqrt(tf.add(variance, eps));
  return { xhat: tf.mul(tf.sub(x, mean), rstd), rstd, mean, variance };
}

function normGrad(dxhat: tf.Tensor, xhat: tf.Tensor, rstd: tf.Tensor, axes: number[], n: number): tf.Tensor {
  // dx = rstd/n * (n dxhat - sum(dxhat) - xhat sum(dxhat xhat))
  const s1 = tf.sum(dxhat, axes, true);
  const s2 = tf.sum(tf.mul(dxhat, xhat), axes, true);
  return tf.mul(tf.div(rstd, n), tf.sub(tf.sub(tf.mul(dxhat, n), s1), tf.mul(xhat, s2)));
}

export interface BatchNormResult {
  y: tf.Tensor;
  /** Batch statistics (training mode), for the running averages. */
  mean?: tf.Tensor;
  variance?: tf.Tensor;
}

/** Batch norm over all axes but the last (channels). Training: batch stats; else the running ones. */
export function batchNorm(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  running: { mean: tf.Tensor; variance: tf.Tensor },
  training: boolean,
  eps = 1e-5,
): BatchNormResult {
  if (!training) {
    return { y: tf.add(tf.mul(tf.mul(tf.sub(x, running.mean), tf.rsqrt(tf.add(running.variance, eps))), gamma), beta) };
  }
  if (tf.getKernel(BATCH_NORM_KERNEL, tf.getBackend())) return batchNormTraining(x, gamma, beta, eps);
  const axes = [...Array(x.rank - 1).keys()];
  const n = x.size / x.shape[x.rank - 1]!;
  let stats: { mean: tf.Tensor; variance: tf.Tensor } | undefined;
  const f = tf.customGrad((xx, g, bt, save) => {
    const { xhat, rstd, mean, variance } = normalize(xx as tf.Tensor, axes, eps);
    // Kept: tensors made inside f and not returned are disposed with its scope; the caller
    // (the training step) disposes them after updating the running averages.
    stats = { mean: tf.keep(tf.reshape(mean, [-1])), variance: tf.keep(tf.reshape(variance, [-1])) };
    (save as tf.GradSaveFunc)([xhat, rstd, g as tf.Tensor]);
    const value = tf.add(tf.mul(xhat, g as tf.Tensor), bt as tf.Tensor);
    return {
      value,
      gradFunc: (dy, saved) => {
        const [sxhat, srstd, sg] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const d = dy as tf.Tensor;
        return [normGrad(tf.mul(d, sg), sxhat, srstd, axes, n), tf.sum(tf.mul(d, sxhat), axes), tf.sum(d, axes)];
      },
    };
  });
  const y = f(x, gamma, beta);
  return { y, ...(stats ?? {}) };
}

/** Layer norm over the last axis. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps = 1e-5): tf.Tensor {
  const axes = [x.rank - 1];
  const n = x.shape[x.rank - 1]!;
  const f = tf.customGrad((xx, g, bt, save) => {
    const { xhat, rstd } = normalize(xx as tf.Tensor, axes, eps);
    (save as tf.GradSaveFunc)([xhat, rstd, g as tf.Tensor]);
    const value = tf.add(tf.mul(xhat, g as tf.Tensor), bt as tf.Tensor);
    return {
      value,
      gradFunc: (dy, saved) => {
        const [sxhat, srstd, sg] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const d = dy as tf.Tensor;
        const lead = [...Array(x.rank - 1).keys()];
        return [normGrad(tf.mul(d, sg), sxhat, srstd, axes, n), tf.sum(tf.mul(d, sxhat), lead), tf.sum(d, lead)];
      },
    };
  });
  return f(x, gamma, beta);
}
