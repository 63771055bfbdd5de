import type * as tf from "@tensorflow/tfjs";
import { gradKernelName, type FusedImpl, type KernelAttrs } from "../activation-definition.js";
import { jsKernel, type Direction } from "./compiled-kernels.js";
import { kernelPrograms } from "./kernel-programs.js";

/** The parts of tfjs' MathBackendCPU we use. */
type CpuBackend = {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: "float32", values: Float32Array): tf.TensorInfo;
};

function cpuKernel(impl: FusedImpl, direction: Direction): tf.KernelConfig {
  return {
    kernelName: direction === "forward" ? impl.kernelName : gradKernelName(impl.kernelName),
    backendName: "cpu",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const cpu = backend as unknown as CpuBackend;
      const x = inputs["x"] as tf.TensorInfo;
      const xs = cpu.data.get(x.dataId).values as Float32Array;
      const dys = direction === "backward" ? (cpu.data.get((inputs["dy"] as tf.TensorInfo).dataId).values as Float32Array) : undefined;
      const out = new Float32Array(xs.length);
      // One pass over the Float32Array, branch-free body (see emit-js).
      jsKernel(kernelPrograms(impl, attrs as KernelAttrs), direction)(xs, dys, out, 0, xs.length);
      return cpu.makeTensorInfo(x.shape, "float32", out);
    },
  };
}

/** Forward and backward KernelConfigs of a fused activation on the cpu backend. */
export function cpuKernelConfigs(impl: FusedImpl): tf.KernelConfig[] {
  return [cpuKernel(impl, "forward"), cpuKernel(impl, "backward")];
}
