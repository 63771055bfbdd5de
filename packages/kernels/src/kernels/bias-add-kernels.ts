// GemSweepBiasAdd's KernelConfigs: wasm runs a per-channel SIMD pass on the heap (the JS loop where
// C % 4 != 0), cpu the JS loop.
import type * as tf from "@tensorflow/tfjs";
import { SIMD_OP as S, simd } from "../expr/wasm-encoding.js";
import { BIAS_ADD_KERNEL, biasAddLoop } from "../training/bias-add.js";
import type { PerChannelProgram } from "../training/per-channel-simd-module.js";
import { cpuBackendOf } from "./cpu-backend.js";
import { pass } from "./per-channel-passes.js";
import { asWasmBackend, heapPointer, heapView } from "./wasm-backend.js";

/** y = x + bias */
const biasAddProgram: PerChannelProgram = {
  pixelInputs: 1,
  channelInputs: 1,
  sums: 0,
  writesPixels: true,
  groupVectors: 4,
  body: (pixel, channel) => [...pixel(0), ...channel(0), ...simd(S.f32x4Add)],
};

function sizes(x: tf.TensorInfo, bias: tf.TensorInfo): { channels: number; total: number } {
  const channels = x.shape[x.shape.length - 1] ?? 1;
  if (bias.shape.length !== 1 || bias.shape[0] !== channels) throw new Error(`${BIAS_ADD_KERNEL}: bias ${JSON.stringify(bias.shape)} does not match x's last axis ${channels}`);
  return { channels, total: x.shape.reduce((a, b) => a * b, 1) };
}

const wasmBiasAdd: tf.KernelFunc = ({ inputs, backend }) => {
  const wasm = asWasmBackend(backend);
  const [x, bias] = [inputs["x"] as tf.TensorInfo, inputs["bias"] as tf.TensorInfo];
  const { channels, total } = sizes(x, bias);
  const y = wasm.makeOutput(x.shape, "float32");
  if (total === 0) return y;
  const [xPtr, biasPtr, yPtr] = [heapPointer(wasm, x), heapPointer(wasm, bias), heapPointer(wasm, y)];
  if (channels % 4 !== 0) biasAddLoop(heapView(wasm, xPtr, total), heapView(wasm, biasPtr, channels), heapView(wasm, yPtr, total));
  else pass(wasm, biasAddProgram)(xPtr, biasPtr, yPtr, total / channels, channels);
  return y;
};

const cpuBiasAdd: tf.KernelFunc = ({ inputs, backend }) => {
  const cpu = cpuBackendOf(backend);
  const [x, bias] = [inputs["x"] as tf.TensorInfo, inputs["bias"] as tf.TensorInfo];
  const { total } = sizes(x, bias);
  const y = new Float32Array(total);
  biasAddLoop(cpu.values(x), cpu.values(bias), y);
  return cpu.output(x.shape, y);
};

/** The bias add's KernelConfig per backend (webgpu: tf.add there). */
export function biasAddKernelConfigs(): tf.KernelConfig[] {
  return [
    { kernelName: BIAS_ADD_KERNEL, backendName: "wasm", kernelFunc: wasmBiasAdd },
    { kernelName: BIAS_ADD_KERNEL, backendName: "cpu", kernelFunc: cpuBiasAdd },
  ];
}
