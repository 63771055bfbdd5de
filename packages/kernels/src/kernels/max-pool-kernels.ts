// GemSweepMaxPool2x2 and its gradient's KernelConfigs: wasm runs the SIMD loops on the heap (the
// JS loops where C % 4 != 0), cpu the JS loops.
import type * as tf from "@tensorflow/tfjs";
import { MAX_POOL_GRAD_KERNEL, MAX_POOL_KERNEL, maxPoolLoop } from "../training/max-pool.js";
import { maxPoolKey, maxPoolModuleBytes, type MaxPoolRun, type MaxPoolShape } from "../training/max-pool-simd-module.js";
import { cpuBackendOf } from "./cpu-backend.js";
import { asWasmBackend, heapPointer, heapView, wasmMemory, type WasmBackend } from "./wasm-backend.js";

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const pooledShape = ([b, h, w, c]: readonly number[]) => [b!, Math.floor(h! / 2), Math.floor(w! / 2), c!];

const runs = new WeakMap<WebAssembly.Memory, Map<string, MaxPoolRun>>();
function maxPoolRun(wasm: WasmBackend, shape: MaxPoolShape): MaxPoolRun {
  const memory = wasmMemory(wasm);
  let byShape = runs.get(memory);
  if (!byShape) runs.set(memory, (byShape = new Map()));
  let run = byShape.get(maxPoolKey(shape));
  if (!run) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(maxPoolModuleBytes(shape)), { env: { memory } });
    byShape.set(maxPoolKey(shape), (run = instance.exports["run"] as MaxPoolRun));
  }
  return run;
}

const wasmMaxPool: tf.KernelFunc = ({ inputs, backend }) => {
  const wasm = asWasmBackend(backend);
  const x = inputs["x"] as tf.TensorInfo;
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const y = wasm.makeOutput(pooledShape(x.shape), "float32");
  if (c % 4 !== 0) maxPoolLoop(heapView(wasm, heapPointer(wasm, x), size(x.shape)), x.shape, heapView(wasm, heapPointer(wasm, y), size(y.shape)));
  else maxPoolRun(wasm, { h, w, c, direction: "forward" })(heapPointer(wasm, x), heapPointer(wasm, y), b);
  return y;
};

const wasmMaxPoolGrad: tf.KernelFunc = ({ inputs, backend }) => {
  const wasm = asWasmBackend(backend);
  const x = inputs["x"] as tf.TensorInfo;
  const dy = inputs["dy"] as tf.TensorInfo;
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const dx = wasm.makeOutput([...x.shape], "float32");
  const dxView = () => heapView(wasm, heapPointer(wasm, dx), size(x.shape));
  // the SIMD loop writes every windowed element; an odd last row or column gets none
  if (c % 4 !== 0 || h % 2 === 1 || w % 2 === 1) dxView().fill(0);
  if (c % 4 !== 0) maxPoolLoop(heapView(wasm, heapPointer(wasm, x), size(x.shape)), x.shape, dxView(), heapView(wasm, heapPointer(wasm, dy), size(dy.shape)));
  else maxPoolRun(wasm, { h, w, c, direction: "backward" })(heapPointer(wasm, x), heapPointer(wasm, dy), heapPointer(wasm, dx), b);
  return dx;
};

const cpuMaxPool: tf.KernelFunc = ({ inputs, backend }) => {
  const cpu = cpuBackendOf(backend);
  const x = inputs["x"] as tf.TensorInfo;
  const shape = pooledShape(x.shape);
  const y = new Float32Array(size(shape));
  maxPoolLoop(cpu.values(x), x.shape, y);
  return cpu.output(shape, y);
};

const cpuMaxPoolGrad: tf.KernelFunc = ({ inputs, backend }) => {
  const cpu = cpuBackendOf(backend);
  const x = inputs["x"] as tf.TensorInfo;
  const dx = new Float32Array(size(x.shape));
  maxPoolLoop(cpu.values(x), x.shape, dx, cpu.values(inputs["dy"] as tf.TensorInfo));
  return cpu.output([...x.shape], dx);
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
