// GemSweepDownsampleShortcut and its gradient's KernelConfigs: one strided copy in JS, on wasm
// over views of the heap (a few hundred thousand floats: no SIMD module needed), on cpu over its arrays.
import type * as tf from "@tensorflow/tfjs";
import {
  DOWNSAMPLE_SHORTCUT_GRAD_KERNEL,
  DOWNSAMPLE_SHORTCUT_KERNEL,
  downsampleShortcutCopy,
  downsampleShortcutShape,
  type DownsampleShortcutAttrs,
} from "../training/downsample-shortcut.js";
import { cpuBackendOf } from "./cpu-backend.js";
import { asWasmBackend, heapPointer, heapView } from "./wasm-backend.js";

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
type GradAttrs = DownsampleShortcutAttrs & { inputShape: number[] };

const wasmForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const a = attrs as unknown as DownsampleShortcutAttrs;
  const x = inputs["x"] as tf.TensorInfo;
  const shape = downsampleShortcutShape(x.shape, a);
  const y = wasm.makeOutput(shape, "float32");
  const yv = heapView(wasm, heapPointer(wasm, y), size(shape));
  yv.fill(0);
  downsampleShortcutCopy(heapView(wasm, heapPointer(wasm, x), size(x.shape)), x.shape, yv, a, "forward");
  return y;
};

const wasmBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const a = attrs as unknown as GradAttrs;
  const dy = inputs["dy"] as tf.TensorInfo;
  const dx = wasm.makeOutput(a.inputShape, "float32");
  const dxv = heapView(wasm, heapPointer(wasm, dx), size(a.inputShape));
  dxv.fill(0);
  downsampleShortcutCopy(dxv, a.inputShape, heapView(wasm, heapPointer(wasm, dy), size(dy.shape)), a, "backward");
  return dx;
};

const cpuForward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuBackendOf(backend);
  const a = attrs as unknown as DownsampleShortcutAttrs;
  const x = inputs["x"] as tf.TensorInfo;
  const shape = downsampleShortcutShape(x.shape, a);
  const y = new Float32Array(size(shape));
  downsampleShortcutCopy(cpu.values(x), x.shape, y, a, "forward");
  return cpu.output(shape, y);
};

const cpuBackward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuBackendOf(backend);
  const a = attrs as unknown as GradAttrs;
  const dx = new Float32Array(size(a.inputShape));
  downsampleShortcutCopy(dx, a.inputShape, cpu.values(inputs["dy"] as tf.TensorInfo), a, "backward");
  return cpu.output([...a.inputShape], dx);
};

/** The shortcut's forward and gradient KernelConfigs per backend (webgpu: the trainer uses tf ops there). */
export function downsampleShortcutKernelConfigs(): tf.KernelConfig[] {
  return [
    { kernelName: DOWNSAMPLE_SHORTCUT_KERNEL, backendName: "wasm", kernelFunc: wasmForward },
    { kernelName: DOWNSAMPLE_SHORTCUT_GRAD_KERNEL, backendName: "wasm", kernelFunc: wasmBackward },
    { kernelName: DOWNSAMPLE_SHORTCUT_KERNEL, backendName: "cpu", kernelFunc: cpuForward },
    { kernelName: DOWNSAMPLE_SHORTCUT_GRAD_KERNEL, backendName: "cpu", kernelFunc: cpuBackward },
  ];
}
