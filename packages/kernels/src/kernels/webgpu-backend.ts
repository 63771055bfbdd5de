// The parts of tfjs' WebGPUBackend (4.22) our own WGSL programs use, in one place. Most of our
// programs go through its runWebGPUProgram; a program that writes a tensor in place (Adam's moments)
// cannot, since runWebGPUProgram binds every input read-only, so it is recorded here into the
// backend's own command encoder, in order with tfjs' programs, with the same bookkeeping.
import * as tf from "@tensorflow/tfjs";

/** WebGPU objects as far as we touch them (the DOM typings of this TypeScript have no WebGPU). */
export type GpuBuffer = { readonly size: number };
export type GpuPipeline = { getBindGroupLayout(index: number): unknown; label?: string };
type GpuComputePass = {
  setPipeline(pipeline: GpuPipeline): void;
  setBindGroup(index: number, group: unknown): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
};
export type GpuDevice = {
  createShaderModule(descriptor: { code: string; label?: string }): unknown;
  createComputePipeline(descriptor: { layout: "auto"; compute: { module: unknown; entryPoint: string }; label?: string }): GpuPipeline;
  createBindGroup(descriptor: { layout: unknown; entries: Array<{ binding: number; resource: { buffer: GpuBuffer; offset?: number; size?: number } }> }): unknown;
  readonly limits: { maxComputeWorkgroupsPerDimension: number; maxStorageBuffersPerShaderStage: number };
};

type TensorData = { values: unknown; resource: unknown; refCount: number };

/** The parts of tfjs' WebGPUBackend we use (private in its typings). */
export type WebgpuBackend = {
  device: GpuDevice;
  tensorMap: { get(dataId: object): TensorData };
  commandEncoder: { beginComputePass(descriptor: object): GpuComputePass } | null;
  computePassEncoder: GpuComputePass | null;
  commandQueueOwnedIds: WeakSet<object>;
  dispatchCountInPass: number;
  uploadToGPU(dataId: object): void;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  makeUniforms(uniforms: Uniform[]): { offset: number; size: number; buffer: GpuBuffer };
  makeTensorInfo(shape: number[], dtype: "float32"): tf.TensorInfo;
};

/** One field of a program's uniform struct (scalars: one value, 4-byte aligned, in order). */
export type Uniform = { type: "float32" | "int32" | "uint32"; data: number[] };

/** The backend a webgpu kernel function was given, typed. */
export function asWebgpuBackend(backend: unknown): WebgpuBackend {
  return backend as WebgpuBackend;
}

/** The GPU buffer holding a tensor's data (uploaded first if it still lives on the CPU side). */
export function gpuBufferOf(backend: WebgpuBackend, t: tf.TensorInfo): GpuBuffer {
  backend.uploadToGPU(t.dataId);
  const resource = backend.tensorMap.get(t.dataId).resource;
  if (!resource) throw new Error("webgpu: a tensor without a GPU buffer");
  return resource as GpuBuffer;
}

/** A new float32 tensor with a GPU buffer of its own, for a program to write. */
export function newGpuTensor(backend: WebgpuBackend, shape: number[]): tf.TensorInfo {
  const info = backend.makeTensorInfo(shape, "float32");
  backend.uploadToGPU(info.dataId);
  return info;
}

const pipelines = new WeakMap<object, Map<string, GpuPipeline>>();

/** The compute pipeline of a WGSL module (entry point `main`), compiled once per device and key. */
export function pipelineFor(backend: WebgpuBackend, key: string, code: () => string): GpuPipeline {
  let cache = pipelines.get(backend.device);
  if (!cache) pipelines.set(backend.device, (cache = new Map()));
  let pipeline = cache.get(key);
  if (!pipeline) {
    const module = backend.device.createShaderModule({ code: code(), label: key });
    pipeline = backend.device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" }, label: key });
    cache.set(key, pipeline);
  }
  return pipeline;
}

export interface InPlaceDispatch {
  pipeline: GpuPipeline;
  /** Bound at 0, 1, ... in this order, as the WGSL declares them. */
  tensors: tf.TensorInfo[];
  /** Those of `tensors` the program writes that already existed (in place): their CPU copies go stale. */
  writtenInPlace: tf.TensorInfo[];
  /** Bound after the tensors, as `var<uniform>`. */
  uniforms: Uniform[];
  workgroups: [number, number, number];
}

/**
 * Records one dispatch into the backend's command encoder, after every program tfjs has recorded
 * and before any it records next, exactly as runWebGPUProgram would: the tensors are marked as used
 * by the pending commands (a tensor disposed before the submit keeps its buffer until then), the
 * queue is submitted every WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE dispatches (tfjs' flag, 15), and a
 * tensor written in place forgets the values tfjs cached on the CPU when it was last read.
 */
export function recordDispatch(backend: WebgpuBackend, d: InPlaceDispatch): void {
  const buffers = d.tensors.map((t) => gpuBufferOf(backend, t));
  const uniforms = backend.makeUniforms(d.uniforms);
  const entries = [...buffers.map((buffer, binding) => ({ binding, resource: { buffer } })), { binding: buffers.length, resource: uniforms }];
  const bindGroup = backend.device.createBindGroup({ layout: d.pipeline.getBindGroupLayout(0), entries });
  for (const t of d.tensors) backend.commandQueueOwnedIds.add(t.dataId);
  backend.ensureCommandEncoderReady();
  if (!backend.computePassEncoder) backend.computePassEncoder = backend.commandEncoder!.beginComputePass({});
  backend.computePassEncoder.setPipeline(d.pipeline);
  backend.computePassEncoder.setBindGroup(0, bindGroup);
  backend.computePassEncoder.dispatchWorkgroups(...d.workgroups);
  for (const t of d.writtenInPlace) backend.tensorMap.get(t.dataId).values = null;
  backend.dispatchCountInPass++;
  if (backend.dispatchCountInPass >= Number(tf.env().get("WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE"))) {
    backend.endComputePassEncoder();
    backend.submitQueue();
  }
}
