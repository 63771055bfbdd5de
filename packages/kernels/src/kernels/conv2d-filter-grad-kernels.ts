// GemSweepConv2DFilterGrad's KernelConfigs: wasm runs the SIMD module per image and filter tap on
// the heap (the JS loop where cout % 4 != 0), cpu the JS loop, webgpu the split-K WGSL programs.
import type * as tf from "@tensorflow/tfjs";
import { filterGradPrograms, type FilterGradProgram } from "../training/conv2d-filter-grad-wgsl.js";
import { filterGradBlockRows, filterGradModuleBytes, type FilterGradRun } from "../training/conv2d-filter-grad-simd-module.js";
import { CONV2D_FILTER_GRAD_KERNEL, conv2dFilterGradLoop, validOutputRange, type Conv2dFilterGradAttrs } from "../training/conv2d-filter-grad.js";
import { cpuBackendOf } from "./cpu-backend.js";
import type { DirectConvShape } from "../training/direct-conv-simd-module.js";
import { winogradApplies } from "../training/winograd.js";
import { paddedCopy } from "./padded-copy.js";
import { asWasmBackend, freeScratch, heapPointer, heapView, moduleExport, wasmMemory, type WasmBackend } from "./wasm-backend.js";
import { winogradFilterGrad } from "./winograd-conv.js";

const simdRuns = new WeakMap<WebAssembly.Memory, FilterGradRun>();

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The Winograd form of this filter gradient (a 3x3 stride-1 convolution), when it has one. */
function winogradShape(a: Conv2dFilterGradAttrs, xShape: readonly number[], dyShape: readonly number[]): DirectConvShape | undefined {
  const [, h, w, cin] = xShape as [number, number, number, number];
  const [, ho, wo, cout] = dyShape as [number, number, number, number];
  const shape: DirectConvShape = { kh: a.k, kw: a.k, stride: a.stride, cin, cout, inRows: ho + 2, inCols: wo + 2, outRows: ho, outCols: wo, outImageStep: ho * wo, outRowStep: wo, outColStep: 1 };
  // the padded input must hold every row and column the taps read, and add only zeros after x
  const fits = shape.inRows >= h + a.padTop && shape.inCols >= w + a.padLeft;
  return fits && winogradApplies(shape) ? shape : undefined;
}

/**
 * One input channel, stride 1 (a first layer on grey images): the k taps of a filter row read k
 * neighbouring x values, which is how the module reads k input channels, so one call per filter
 * row and image treats them as channels (dW[kh, kw, 0, co] sits where dW[kh, 0, kw, co] would).
 * Through a zero-padded copy of x every tap is valid at every output pixel. The module then loads
 * dy once per pixel for k taps instead of once per tap (docs/kernels.md has the gain). False
 * (nothing done) where x has rows or columns past the last one a tap reads.
 */
function tapsAsChannels(wasm: WasmBackend, run: FilterGradRun, a: Conv2dFilterGradAttrs, x: tf.TensorInfo, dy: tf.TensorInfo, dwPtr: number): boolean {
  const [b, h, w] = x.shape as [number, number, number, number];
  const [, ho, wo, cout] = dy.shape as [number, number, number, number];
  const [rows, cols] = [ho + a.k - 1, wo + a.k - 1];
  const [bottom, right] = [rows - h - a.padTop, cols - w - a.padLeft];
  if (bottom < 0 || right < 0) return false;
  const padded = paddedCopy(wasm, x, a.padTop, bottom, a.padLeft, right);
  const xPad = heapPointer(wasm, padded.info);
  const dyPtr = heapPointer(wasm, dy);
  const blockRows = filterGradBlockRows(wo, a.k, cout);
  for (let kh = 0; kh < a.k; kh++) {
    for (let n = 0; n < b; n++) {
      run(xPad + ((n * rows + kh) * cols) * 4, dyPtr + n * ho * wo * cout * 4, dwPtr + kh * a.k * cout * 4, ho, wo, cols * 4, 4, wo * cout * 4, a.k, cout, blockRows);
    }
  }
  freeScratch(wasm, [padded.info]);
  return true;
}

const wasmFilterGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const a = attrs as unknown as Conv2dFilterGradAttrs;
  const x = inputs["x"] as tf.TensorInfo;
  const dy = inputs["dy"] as tf.TensorInfo;
  const [b, h, w, cin] = x.shape as [number, number, number, number];
  const [, ho, wo, cout] = dy.shape as [number, number, number, number];
  const outShape = [a.k, a.k, cin, cout];
  // Allocate first: makeOutput may grow the heap, which detaches earlier views.
  const out = wasm.makeOutput(outShape, "float32");
  const [xPtr, dyPtr, outPtr] = [heapPointer(wasm, x), heapPointer(wasm, dy), heapPointer(wasm, out)];
  heapView(wasm, outPtr, size(outShape)).fill(0);
  if (cout % 4 !== 0) {
    conv2dFilterGradLoop(heapView(wasm, xPtr, size(x.shape)), x.shape, heapView(wasm, dyPtr, size(dy.shape)), dy.shape, a, heapView(wasm, outPtr, size(outShape)));
    return out;
  }
  const winograd = winogradShape(a, x.shape, dy.shape);
  if (winograd) {
    const padded = paddedCopy(wasm, x, a.padTop, winograd.inRows - h - a.padTop, a.padLeft, winograd.inCols - w - a.padLeft);
    winogradFilterGrad(wasm, winograd, heapPointer(wasm, padded.info), heapPointer(wasm, dy), heapPointer(wasm, out), b);
    freeScratch(wasm, [padded.info]);
    return out;
  }
  const run = moduleExport(simdRuns, wasmMemory(wasm), filterGradModuleBytes);
  if (cin === 1 && a.stride === 1 && tapsAsChannels(wasm, run, a, x, dy, outPtr)) return out;
  const [xRowStep, xColStep, dyRowStep] = [a.stride * w * cin * 4, a.stride * cin * 4, wo * cout * 4];
  for (let kh = 0; kh < a.k; kh++) {
    const [oyLo, oyHi] = validOutputRange(ho, h, kh, a.stride, a.padTop);
    for (let kw = 0; kw < a.k; kw++) {
      const [oxLo, oxHi] = validOutputRange(wo, w, kw, a.stride, a.padLeft);
      if (oyLo >= oyHi || oxLo >= oxHi) continue;
      const [iy, ix] = [oyLo * a.stride + kh - a.padTop, oxLo * a.stride + kw - a.padLeft];
      const dwTap = outPtr + (kh * a.k + kw) * cin * cout * 4;
      const blockRows = filterGradBlockRows(oxHi - oxLo, cin, cout);
      for (let n = 0; n < b; n++) {
        const xAt = xPtr + ((n * h + iy) * w + ix) * cin * 4;
        const dyAt = dyPtr + ((n * ho + oyLo) * wo + oxLo) * cout * 4;
        run(xAt, dyAt, dwTap, oyHi - oyLo, oxHi - oxLo, xRowStep, xColStep, dyRowStep, cin, cout, blockRows);
      }
    }
  }
  return out;
};

const cpuFilterGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuBackendOf(backend);
  const a = attrs as unknown as Conv2dFilterGradAttrs;
  const x = inputs["x"] as tf.TensorInfo;
  const dy = inputs["dy"] as tf.TensorInfo;
  const outShape = [a.k, a.k, x.shape[3]!, dy.shape[3]!];
  const dw = new Float32Array(size(outShape));
  conv2dFilterGradLoop(cpu.values(x), x.shape, cpu.values(dy), dy.shape, a, dw);
  return cpu.output(outShape, dw);
};

type WebgpuRunner = {
  runWebGPUProgram(program: FilterGradProgram, inputs: tf.TensorInfo[], dtype: "float32", uniforms: FilterGradProgram["uniformValues"]): tf.TensorInfo;
  disposeData(dataId: object): boolean;
};

const webgpuFilterGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const gpu = backend as unknown as WebgpuRunner;
  const a = attrs as unknown as Conv2dFilterGradAttrs;
  const x = inputs["x"] as tf.TensorInfo;
  const dy = inputs["dy"] as tf.TensorInfo;
  const [b, h, w, cin] = x.shape as [number, number, number, number];
  const [, ho, wo, cout] = dy.shape as [number, number, number, number];
  const programs = filterGradPrograms({ k: a.k, stride: a.stride, padTop: a.padTop, padLeft: a.padLeft, h, w, cin, ho, wo, cout }, b);
  const partials = gpu.runWebGPUProgram(programs.slices, [x, dy], "float32", programs.slices.uniformValues);
  if (!programs.sum) return partials;
  const dw = gpu.runWebGPUProgram(programs.sum, [partials], "float32", programs.sum.uniformValues);
  gpu.disposeData(partials.dataId);
  return dw;
};

/** The filter gradient's KernelConfig per backend. */
export function conv2dFilterGradKernelConfigs(): tf.KernelConfig[] {
  return [
    { kernelName: CONV2D_FILTER_GRAD_KERNEL, backendName: "webgpu", kernelFunc: webgpuFilterGrad },
    { kernelName: CONV2D_FILTER_GRAD_KERNEL, backendName: "wasm", kernelFunc: wasmFilterGrad },
    { kernelName: CONV2D_FILTER_GRAD_KERNEL, backendName: "cpu", kernelFunc: cpuFilterGrad },
  ];
}
