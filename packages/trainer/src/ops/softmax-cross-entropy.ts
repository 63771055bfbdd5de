import * as tf from "@tensorflow/tfjs";
import { SOFTMAX_CROSS_ENTROPY_KERNEL, softmaxCrossEntropyWithGrad } from "@gemsweep/kernels";

/**
 * Mean softmax cross-entropy of logits [N, C] against int32 labels [N], optionally weighted
 * ([N], e.g. only masked positions count). Gradient written out ((softmax - target) w / sum w).
 * `smoothing` e spreads e of the target over all classes (label smoothing: target = (1 - e)
 * onehot + e / C). On wasm / cpu the loss and its gradient are one kernel
 * (GemSweepSoftmaxCrossEntropy); elsewhere tf ops.
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, weights?: tf.Tensor1D, smoothing = 0): tf.Scalar {
  if (tf.getKernel(SOFTMAX_CROSS_ENTROPY_KERNEL, tf.getBackend())) {
    const f = tf.customGrad((z, save) => {
      const [value, grad] = softmaxCrossEntropyWithGrad(z as tf.Tensor2D, labels, weights, smoothing);
      (save as tf.GradSaveFunc)([grad]);
      return { value, gradFunc: (dy, saved) => tf.mul(saved[0]!, dy) };
    });
    return f(logits) as tf.Scalar;
  }
  return composedSoftmaxCrossEntropy(logits, labels, weights, smoothing);
}

/** The same loss of tf ops: one customGrad whose gradient is one pass instead of tfjs' composed log-softmax gradient. */
function composedSoftmaxCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, weights: tf.Tensor1D | undefined, smoothing: number): tf.Scalar {
  const numClasses = logits.shape[1];
  const hard = tf.oneHot(labels, numClasses);
  const onehot = smoothing > 0 ? tf.add(tf.mul(hard, 1 - smoothing), smoothing / numClasses) : hard;
  const w = weights ?? tf.ones([logits.shape[0]]);
  const total = tf.maximum(tf.sum(w), 1e-12);
  const f = tf.customGrad((z, save) => {
    const zz = z as tf.Tensor2D;
    const logp = tf.sub(zz, tf.logSumExp(zz, 1, true));
    // Saved, not closed over: tensors made outside f are gone by the time the gradient runs.
    (save as tf.GradSaveFunc)([logp, onehot, w, total]);
    const perExample = tf.neg(tf.sum(tf.mul(onehot, logp), 1));
    const value = tf.div(tf.sum(tf.mul(perExample, w)), total) as tf.Scalar;
    return {
      value,
      gradFunc: (dy, saved) => {
        const [slogp, sonehot, sw, stotal] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        const scale = tf.div(tf.mul(dy, tf.reshape(sw, [-1, 1])), stotal);
        return tf.mul(tf.sub(tf.exp(slogp), sonehot), scale);
      },
    };
  });
  return f(logits) as tf.Scalar;
}
