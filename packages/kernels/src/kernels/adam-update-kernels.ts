// GemSweepAdamUpdate's KernelConfigs: wasm runs the SIMD module on the heap, cpu the JS loop,
// webgpu one WGSL program (optimizer-wgsl.ts) recorded in order with tfjs' own.
import type * as tf from "@tensorflow/tfjs";
import { adamModuleBytes, type AdamSimdRun } from "../training/adam-simd-module.js";
import { ADAM_UPDATE_KERNEL, adamLoop, type AdamUpdateAttrs } from "../training/adam-update.js";
import { adamWgsl } from "../training/optimizer-wgsl.js";
import { cpuBackendOf } from "./cpu-backend.js";
import { asWasmBackend, heapPointer, heapView, moduleExport, wasmMemory } from "./wasm-backend.js";
import { webgpuOptimizerUpdate } from "./webgpu-optimizer-update.js";

const SLOTS = ["g", "w", "m", "v"] as const;
const simdRuns = new WeakMap<WebAssembly.Memory, AdamSimdRun>();

/** Inputs g, w, m, v; updates m and v in place; outputs [new weights, sum of g^2 (shape [1])]. */
const wasmAdamUpdate: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const a = attrs as unknown as AdamUpdateAttrs;
  const [g, w, m, v] = SLOTS.map((name) => inputs[name] as tf.TensorInfo) as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  const n = w.shape.reduce((x, y) => x * y, 1);
  // Allocate first: makeOutput may grow the heap, which detaches earlier views.
  const out = wasm.makeOutput(w.shape, "float32");
  const sum = wasm.makeOutput([1], "float32");
  const [gPtr, wPtr, mPtr, vPtr, outPtr] = [g, w, m, v, out].map((t) => heapPointer(wasm, t)) as [number, number, number, number, number];
  const vectors = n >>> 2;
  // prettier-ignore
  let sumSq = moduleExport(simdRuns, wasmMemory(wasm), adamModuleBytes)(gPtr, wPtr, mPtr, vPtr, outPtr, vectors,
    a.b1, 1 - a.b1, a.b2, 1 - a.b2, a.stepLr, a.bc2, a.eps, a.l2, a.decoupled);
  // the tail (n % 4 weights) in JS, over views of the same heap
  const view = (p: number) => heapView(wasm, p, n);
  sumSq += adamLoop(view(gPtr), view(wPtr), view(mPtr), view(vPtr), view(outPtr), vectors * 4, n, a);
  heapView(wasm, heapPointer(wasm, sum), 1)[0] = sumSq;
  return [out, sum];
};

const cpuAdamUpdate: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuBackendOf(backend);
  const [g, w, m, v] = SLOTS.map((name) => cpu.values(inputs[name] as tf.TensorInfo)) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const out = new Float32Array(w.length);
  const sumSq = adamLoop(g, w, m, v, out, 0, w.length, attrs as unknown as AdamUpdateAttrs);
  return [cpu.output([...(inputs["w"] as tf.TensorInfo).shape], out), cpu.output([1], Float32Array.of(sumSq))];
};

/** Outputs [new weights, one partial sum of g^2 per workgroup]; m and v change in place on the device. */
const webgpuAdamUpdate: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as AdamUpdateAttrs;
  const [g, w, m, v] = SLOTS.map((name) => inputs[name] as tf.TensorInfo) as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  // prettier-ignore
  const scalars = [a.b1, 1 - a.b1, a.b2, 1 - a.b2, a.stepLr, a.bc2, a.eps, a.l2, a.decoupled];
  return webgpuOptimizerUpdate(backend, { kernelName: ADAM_UPDATE_KERNEL, wgsl: adamWgsl, g, w, slots: [m, v], scalars });
};

/** The Adam update's KernelConfig per backend (tensorflow has none: there the optimizer runs tf ops). */
export function adamUpdateKernelConfigs(): tf.KernelConfig[] {
  return [
    { kernelName: ADAM_UPDATE_KERNEL, backendName: "wasm", kernelFunc: wasmAdamUpdate },
    { kernelName: ADAM_UPDATE_KERNEL, backendName: "cpu", kernelFunc: cpuAdamUpdate },
    { kernelName: ADAM_UPDATE_KERNEL, backendName: "webgpu", kernelFunc: webgpuAdamUpdate },
  ];
}
