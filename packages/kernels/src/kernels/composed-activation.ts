import * as tf from "@tensorflow/tfjs";
import type { FusedImpl, KernelAttrs } from "../activation-definition.js";
import { evalWithTfOps } from "../expr/emit-tf-ops.js";
import { kernelPrograms } from "./kernel-programs.js";

/**
 * The fused activation built from stock tf ops, with the analytic gradient through tf.customGrad:
 * the path for backends we have no kernel for (tfjs-node's "tensorflow"), and the benchmark's
 * "composed" baseline.
 */
export function composedActivation(impl: FusedImpl, attrs: KernelAttrs): (x: tf.Tensor) => tf.Tensor {
  const { forward, backward } = kernelPrograms(impl, attrs);
  const f = tf.customGrad((x, save) => {
    const input = x as tf.Tensor;
    (save as tf.GradSaveFunc)([input]);
    return {
      value: evalWithTfOps(forward, [input]),
      gradFunc: (dy, saved) => evalWithTfOps(backward, [saved[0] as tf.Tensor, dy as tf.Tensor]),
    };
  });
  return (x) => f(x) as tf.Tensor;
}
