import * as tf from "@tensorflow/tfjs";
import { gradKernelName } from "../activation-definition.js";
import { fusedImpls } from "../activation-registry.js";
import { cpuKernelConfigs } from "./cpu-kernels.js";
import { trainingGradConfigs, trainingKernelConfigs } from "./training-kernels.js";
import { wasmKernelConfigs } from "./wasm-kernels.js";
import { webgpuKernelConfigs } from "./webgpu-kernels.js";

/**
 * Registers every fused activation's forward and backward kernel on cpu, wasm and webgpu, a
 * GradConfig per forward kernel that runs the backward kernel, and the training kernels.
 * Idempotent: the tfjs registries are process-global, so a second copy of this module (test
 * isolation, two bundles) finds them there. Registering for a backend that is never created
 * costs nothing.
 */
export function registerKernels(): void {
  for (const impl of fusedImpls()) {
    for (const config of [...cpuKernelConfigs(impl), ...wasmKernelConfigs(impl), ...webgpuKernelConfigs(impl)]) {
      if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
    }
    if (!tf.getGradient(impl.kernelName)) {
      const grad = gradKernelName(impl.kernelName);
      tf.registerGradient({
        kernelName: impl.kernelName,
        inputsToSave: ["x"],
        gradFunc: (dy, saved, attrs) => {
          const [x] = saved as [tf.Tensor];
          return { x: () => tf.engine().runKernel(grad, { x, dy: dy as tf.Tensor }, attrs) as tf.Tensor };
        },
      });
    }
  }
  for (const config of trainingKernelConfigs()) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
  for (const config of trainingGradConfigs()) {
    if (!tf.getGradient(config.kernelName)) tf.registerGradient(config);
  }
}

registerKernels();
