// The parts of tfjs' MathBackendCPU the training kernels use: a tensor's values and a new output.
import type * as tf from "@tensorflow/tfjs";

type MathBackendCpu = {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: "float32" | "int32", values: Float32Array | Int32Array): tf.TensorInfo;
};

export interface CpuBackend {
  /** The tensor's float32 storage (live: writing to it changes the tensor). */
  values(t: tf.TensorInfo): Float32Array;
  /** An int32 tensor's storage (labels). */
  int32Values(t: tf.TensorInfo): Int32Array;
  output(shape: number[], values: Float32Array): tf.TensorInfo;
  int32Output(shape: number[], values: Int32Array): tf.TensorInfo;
}

export function cpuBackendOf(backend: unknown): CpuBackend {
  const cpu = backend as MathBackendCpu;
  return {
    values: (t) => cpu.data.get(t.dataId).values as Float32Array,
    int32Values: (t) => cpu.data.get(t.dataId).values as Int32Array,
    output: (shape, values) => cpu.makeTensorInfo(shape, "float32", values),
    int32Output: (shape, values) => cpu.makeTensorInfo(shape, "int32", values),
  };
}
