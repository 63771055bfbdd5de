import * as tf from "@tensorflow/tfjs";
import { ACTIVATIONS } from "./activation-registry.js";
import type { Activation } from "@gemsweep/contracts";
import { kernelActivationOf } from "./kernel-activation.js";
import { composedActivation } from "./kernels/composed-activation.js";

/**
 * The activation as a differentiable tensor function. Fused activations run our registered
 * kernel for the current backend (gradient through its GradConfig), or composed tf ops with the
 * same analytic gradient where no kernel is registered. The backend is looked up per call, so the
 * function stays valid across tf.setBackend.
 */
export function activation(spec: Activation | string): (x: tf.Tensor) => tf.Tensor {
  const resolved = kernelActivationOf(spec);
  const impl = ACTIVATIONS[resolved.name].impl;
  if (impl.kind === "builtin") return (x) => impl.apply(x, resolved);
  const attrs = impl.attrs(resolved);
  let composed: ((x: tf.Tensor) => tf.Tensor) | undefined;
  return (x) => {
    const input = x.dtype === "float32" ? x : tf.cast(x, "float32");
    if (tf.getKernel(impl.kernelName, tf.getBackend())) {
      return tf.engine().runKernel(impl.kernelName, { x: input }, { ...attrs }) as tf.Tensor;
    }
    composed ??= composedActivation(impl, attrs);
    return composed(input);
  };
}
