// GemSweepMomentumUpdate's KernelConfig: webgpu only, one WGSL program (optimizer-wgsl.ts); on wasm
// and cpu the trainer's optimizer runs the same loop over the tensors' storage itself.
import type * as tf from "@tensorflow/tfjs";
import { MOMENTUM_UPDATE_KERNEL, type MomentumUpdateAttrs } from "../training/momentum-update.js";
import { momentumWgsl } from "../training/optimizer-wgsl.js";
import { webgpuOptimizerUpdate } from "./webgpu-optimizer-update.js";

/** Outputs [new weights, one partial sum of g^2 per workgroup]; the velocity changes in place. */
const webgpuMomentumUpdate: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as MomentumUpdateAttrs;
  const [g, w, v] = (["g", "w", "v"] as const).map((name) => inputs[name] as tf.TensorInfo) as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  return webgpuOptimizerUpdate(backend, { kernelName: MOMENTUM_UPDATE_KERNEL, wgsl: momentumWgsl, g, w, slots: [v], scalars: [a.lr, a.momentum, a.l2] });
};

export function momentumUpdateKernelConfigs(): tf.KernelConfig[] {
  return [{ kernelName: MOMENTUM_UPDATE_KERNEL, backendName: "webgpu", kernelFunc: webgpuMomentumUpdate }];
}
