// GemSweepMaxPool2x2 and its gradient's KernelConfigs: wasm runs the SIMD loops on the heap (the
// JS loops where C % 4 != 0), cpu the JS loops. The forward kernel returns [y, mask]; the mask is
// an int32 tensor read as bytes, in the layout of the loops that wrote it (which the shape picks the
// same way for both directions).
import type * as tf from "@tensorflow/tfjs";
import { MAX_POOL_GRAD_KERNEL, MAX_POOL_KERNEL, maxPoolGradLoop, maxPoolLoop, maxPoolMaskBytes, type MaxPoolGradAttrs } from "../training/max-pool.js";
import { maxPoolKey, maxPoolModuleBytes, type MaxPoolRun, type MaxPoolShape } from "../training/max-pool-simd-module.js";
import { cpuBackendOf } from "./cpu-backend.js";
import { asWasmBackend, heapPointer, heapView, shapedModuleExport, wasmMemory, type WasmBackend } from "./wasm-backend.js";

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const pooledShape = ([b, h, w, c]: readonly number[]) => [b!, Math.floor(h! / 2), Math.floor(w! / 2), c!];
/** The mask as an int32 tensor's shape. */
const maskShape = (xShape: readonly number[]) => [maxPoolMaskBytes(xShape) / 4];

const runs = new WeakMap<WebAssembly.Memory, Map<string, MaxPoolRun>>();
const maxPoolRun = (wasm: WasmBackend, shape: MaxPoolShape): MaxPoolRun => shapedModuleExport(runs, wasmMemory(wasm), maxPoolKey(shape), () => maxPoolModuleBytes(shape));
const bytes = (wasm: WasmBackend, t: tf.TensorInfo, count: number) => new Uint8Array(wasm.wasm.HEAPF32.buffer, heapPointer(wasm, t), count);

const wasmMaxPool: tf.KernelFunc = ({ inputs, backend }) => {
  const wasm = asWasmBackend(backend);
  const x = inputs["x"] as tf.TensorInfo;
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const y = wasm.makeOutput(pooledShape(x.shape), "float32");
  const mask = wasm.makeOutput(maskShape(x.shape), "int32");
  if (c % 4 !== 0) maxPoolLoop(heapView(wasm, heapPointer(wasm, x), size(x.shape)), x.shape, heapView(wasm, heapPointer(wasm, y), size(y.shape)), bytes(wasm, mask, maxPoolMaskBytes(x.shape)));
  else maxPoolRun(wasm, { h, w, c, direction: "forward" })(heapPointer(wasm, x), heapPointer(wasm, y), heapPointer(wasm, mask), b);
  return [y, mask];
};

const wasmMaxPoolGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const dy = inputs["dy"] as tf.TensorInfo;
  const mask = inputs["mask"] as tf.TensorInfo;
  const { inputShape } = attrs as unknown as MaxPoolGradAttrs;
  const [b, h, w, c] = inputShape as [number, number, number, number];
  const dx = wasm.makeOutput([...inputShape], "float32");
  const dxView = () => heapView(wasm, heapPointer(wasm, dx), size(inputShape));
  // the SIMD loop writes every windowed element; an odd last row or column gets none
  if (c % 4 !== 0 || h % 2 === 1 || w % 2 === 1) dxView().fill(0);
  if (c % 4 !== 0) maxPoolGradLoop(heapView(wasm, heapPointer(wasm, dy), size(dy.shape)), bytes(wasm, mask, maxPoolMaskBytes(inputShape)), inputShape, dxView());
  else maxPoolRun(wasm, { h, w, c, direction: "backward" })(heapPointer(wasm, mask), heapPointer(wasm, dy), heapPointer(wasm, dx), b);
  return dx;
};

const cpuMaxPool: tf.KernelFunc = ({ inputs, backend }) => {
  const cpu = cpuBackendOf(backend);
  const x = inputs["x"] as tf.TensorInfo;
  const shape = pooledShape(x.shape);
  const y = new Float32Array(size(shape));
  const mask = new Int32Array(maskShape(x.shape)[0]!);
  maxPoolLoop(cpu.values(x), x.shape, y, new Uint8Array(mask.buffer));
  return [cpu.output(shape, y), cpu.int32Output(maskShape(x.shape), mask)];
};

const cpuMaxPoolGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuBackendOf(backend);
  const { inputShape } = attrs as unknown as MaxPoolGradAttrs;
  const dx = new Float32Array(size(inputShape));
  maxPoolGradLoop(cpu.values(inputs["dy"] as tf.TensorInfo), new Uint8Array(cpu.int32Values(inputs["mask"] as tf.TensorInfo).buffer), inputShape, dx);
  return cpu.output([...inputShape], dx);
};

/** Max pooling's forward and gradient KernelConfigs per backend (webgpu: tf.maxPool there). */
export function maxPoolKernelConfigs(): tf.KernelConfig[] {
  return [
    { kernelName: MAX_POOL_KERNEL, backendName: "wasm", kernelFunc: wasmMaxPool },
    { kernelName: MAX_POOL_GRAD_KERNEL, backendName: "wasm", kernelFunc: wasmMaxPoolGrad },
    { kernelName: MAX_POOL_KERNEL, backendName: "cpu", kernelFunc: cpuMaxPool },
    { kernelName: MAX_POOL_GRAD_KERNEL, backendName: "cpu", kernelFunc: cpuMaxPoolGrad },
  ];
}
