// Records one of optimizer-wgsl.ts' update programs on webgpu: the optimizer's slots written in
// place, the new weights and the partial sums of g^2 as new tensors (shared by the Adam and
// momentum kernels).
import type * as tf from "@tensorflow/tfjs";
import { optimizerWorkgroups } from "../training/optimizer-wgsl.js";
import { asWebgpuBackend, newGpuTensor, pipelineFor, recordDispatch, type Uniform } from "./webgpu-backend.js";

export interface OptimizerUpdate {
  kernelName: string;
  wgsl: () => string;
  g: tf.TensorInfo;
  w: tf.TensorInfo;
  /** Bound after g and w, in this order, and updated in place. */
  slots: tf.TensorInfo[];
  /** The program's f32 uniforms in declaration order (n, the element count, is appended). */
  scalars: number[];
}

/** [new weights, one partial sum of g^2 per workgroup]. */
export function webgpuOptimizerUpdate(backend: unknown, u: OptimizerUpdate): tf.TensorInfo[] {
  const gpu = asWebgpuBackend(backend);
  const n = u.w.shape.reduce((x, y) => x * y, 1);
  const groups = optimizerWorkgroups(n);
  const next = newGpuTensor(gpu, [...u.w.shape]);
  const partials = newGpuTensor(gpu, [groups]);
  const uniforms: Uniform[] = [...u.scalars.map((x) => ({ type: "float32" as const, data: [x] })), { type: "uint32", data: [n] }];
  recordDispatch(gpu, {
    pipeline: pipelineFor(gpu, u.kernelName, u.wgsl),
    tensors: [u.g, u.w, ...u.slots, next, partials],
    writtenInPlace: u.slots,
    uniforms,
    workgroups: [groups, 1, 1],
  });
  return [next, partials];
}
