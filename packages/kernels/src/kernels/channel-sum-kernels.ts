// GemSweepChannelSum's KernelConfigs: wasm sums blockwise with the per-channel SIMD program on the
// heap (the JS loop where C % 4 != 0), cpu the JS loop.
import type * as tf from "@tensorflow/tfjs";
import { channelSums } from "../training/batch-norm-simd-modules.js";
import { CHANNEL_SUM_KERNEL, channelSumLoop } from "../training/channel-sum.js";
import { cpuBackendOf } from "./cpu-backend.js";
import { blockwise, pass } from "./per-channel-passes.js";
import { asWasmBackend, heapPointer, heapView } from "./wasm-backend.js";

const wasmChannelSum: tf.KernelFunc = ({ inputs, backend }) => {
  const wasm = asWasmBackend(backend);
  const x = inputs["x"] as tf.TensorInfo;
  const c = x.shape[x.shape.length - 1]!;
  const total = x.shape.reduce((a, b) => a * b, 1);
  const out = wasm.makeOutput([c], "float32");
  const [xPtr, outPtr] = [heapPointer(wasm, x), heapPointer(wasm, out)];
  if (c % 4 !== 0 || total === 0) {
    channelSumLoop(heapView(wasm, xPtr, total), c, heapView(wasm, outPtr, c));
    return out;
  }
  heapView(wasm, outPtr, c).fill(0);
  const run = pass(wasm, channelSums);
  blockwise(total / c, c, (off, count) => run(xPtr + off, outPtr, count, c));
  return out;
};

const cpuChannelSum: tf.KernelFunc = ({ inputs, backend }) => {
  const cpu = cpuBackendOf(backend);
  const x = inputs["x"] as tf.TensorInfo;
  const c = x.shape[x.shape.length - 1]!;
  const out = new Float32Array(c);
  channelSumLoop(cpu.values(x), c, out);
  return cpu.output([c], out);
};

/** The channel sum's KernelConfig per backend (webgpu: tf.sum there). */
export function channelSumKernelConfigs(): tf.KernelConfig[] {
  return [
    { kernelName: CHANNEL_SUM_KERNEL, backendName: "wasm", kernelFunc: wasmChannelSum },
    { kernelName: CHANNEL_SUM_KERNEL, backendName: "cpu", kernelFunc: cpuChannelSum },
  ];
}
