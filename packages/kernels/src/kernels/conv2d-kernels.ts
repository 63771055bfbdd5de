// GemSweepConv2D and GemSweepConv2DInputGrad's KernelConfigs: wasm runs the direct SIMD
// convolution over a zero-padded copy on the heap (the input gradient as one convolution per
// stride phase), cpu the JS loops; both JS where the output channels are not a multiple of 4.
import type * as tf from "@tensorflow/tfjs";
import { CONV2D_INPUT_GRAD_KERNEL, CONV2D_KERNEL, conv2dInputGradLoop, conv2dLoop, convOutputSize, type Conv2dAttrs } from "../training/conv2d.js";
import { directConvKey, directConvModuleBytes, type DirectConvRun, type DirectConvShape } from "../training/direct-conv-simd-module.js";
import { winogradApplies } from "../training/winograd.js";
import { cpuBackendOf } from "./cpu-backend.js";
import { paddedCopy } from "./padded-copy.js";
import { winogradConv } from "./winograd-conv.js";
import { asWasmBackend, freeScratch, heapPointer, heapView, shapedModuleExport, wasmMemory, type WasmBackend } from "./wasm-backend.js";

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

const runs = new WeakMap<WebAssembly.Memory, Map<string, DirectConvRun>>();
/** conv(input, filter) into output for one shape: Winograd's F(2x2, 3x3) where it applies, else the direct convolution. */
function convolve(wasm: WasmBackend, shape: DirectConvShape, input: number, filter: number, output: number, images: number): void {
  if (winogradApplies(shape)) return winogradConv(wasm, shape, input, filter, output, images);
  const run: DirectConvRun = shapedModuleExport(runs, wasmMemory(wasm), directConvKey(shape), () => directConvModuleBytes(shape));
  run(input, filter, output, images);
}

const wasmConv2d: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const a = attrs as unknown as Conv2dAttrs;
  const x = inputs["x"] as tf.TensorInfo;
  const filter = inputs["filter"] as tf.TensorInfo;
  const [b, h, w, cin] = x.shape as [number, number, number, number];
  const [k, , , cout] = filter.shape as [number, number, number, number];
  const [ho, wo] = [convOutputSize(h, k, a.stride, a.padTop, a.padBottom), convOutputSize(w, k, a.stride, a.padLeft, a.padRight)];
  const out = wasm.makeOutput([b, ho, wo, cout], "float32");
  if (cout % 4 !== 0) {
    const view = (t: tf.TensorInfo) => heapView(wasm, heapPointer(wasm, t), size(t.shape));
    conv2dLoop(view(x), x.shape, view(filter), k, cout, a, view(out));
    return out;
  }
  const padded = paddedCopy(wasm, x, a.padTop, a.padBottom, a.padLeft, a.padRight);
  const shape: DirectConvShape = { kh: k, kw: k, stride: a.stride, cin, cout, inRows: padded.rows, inCols: padded.cols, outRows: ho, outCols: wo, outImageStep: ho * wo, outRowStep: wo, outColStep: 1 };
  convolve(wasm, shape, heapPointer(wasm, padded.info), heapPointer(wasm, filter), heapPointer(wasm, out), b);
  freeScratch(wasm, [padded.info]);
  return out;
};

/**
 * The input positions i = stride * a + phase along one axis and the filter taps that reach them:
 * tap t of the phase is kh = phase + pad - stride * (first + t), reading output row a + first + t.
 */
function axisPhase(phase: number, size: number, k: number, stride: number, pad: number): { count: number; first: number; taps: number[] } {
  const taps: number[] = [];
  let first = 0;
  // kh runs down, so first + t (the output row offset) runs up
  for (let kh = k - 1; kh >= 0; kh--) {
    if ((((phase + pad - kh) % stride) + stride) % stride !== 0) continue;
    if (taps.length === 0) first = (phase + pad - kh) / stride;
    taps.push(kh);
  }
  return { count: Math.max(0, Math.ceil((size - phase) / stride)), first, taps };
}

const wasmConv2dInputGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const a = attrs as unknown as Conv2dAttrs & { inputShape: number[] };
  const dy = inputs["dy"] as tf.TensorInfo;
  const filter = inputs["filter"] as tf.TensorInfo;
  const [b, h, w, cin] = a.inputShape as [number, number, number, number];
  const [, ho, wo, cout] = dy.shape as [number, number, number, number];
  const [k] = filter.shape as [number];
  const dx = wasm.makeOutput([b, h, w, cin], "float32");
  const view = (t: tf.TensorInfo) => heapView(wasm, heapPointer(wasm, t), size(t.shape));
  if (cin % 4 !== 0) {
    view(dx).fill(0);
    conv2dInputGradLoop(view(dy), dy.shape, view(filter), k, cin, a, a.inputShape, view(dx));
    return dx;
  }
  const s = a.stride;
  const rowPhases = Array.from({ length: s }, (_, p) => axisPhase(p, h, k, s, a.padTop));
  const colPhases = Array.from({ length: s }, (_, p) => axisPhase(p, w, k, s, a.padLeft));
  const withTaps = (ps: typeof rowPhases) => ps.filter((p) => p.taps.length > 0 && p.count > 0);
  if (withTaps(rowPhases).length < s || withTaps(colPhases).length < s) view(dx).fill(0); // some positions get no tap
  // dy padded so that every phase's rows a + first + t, a < count, lie inside
  const padBefore = (ps: typeof rowPhases) => Math.max(0, ...withTaps(ps).map((p) => -p.first));
  const padAfter = (ps: typeof rowPhases, n: number) => Math.max(0, ...withTaps(ps).map((p) => p.count - 1 + p.first + p.taps.length - 1 - (n - 1)));
  const [top, left] = [padBefore(rowPhases), padBefore(colPhases)];
  const padded = paddedCopy(wasm, dy, top, padAfter(rowPhases, ho), left, padAfter(colPhases, wo));
  const scratch: tf.TensorInfo[] = [padded.info];
  for (const [py, rp] of rowPhases.entries()) {
    for (const [px, cp] of colPhases.entries()) {
      if (rp.taps.length === 0 || cp.taps.length === 0 || rp.count === 0 || cp.count === 0) continue;
      // the phase's filter [taps h, taps w, cout, cin]: W transposed, its taps in reading order
      const sub = wasm.makeOutput([rp.taps.length, cp.taps.length, cout, cin], "float32");
      scratch.push(sub);
      const [wv, sv] = [view(filter), view(sub)];
      let o = 0;
      for (const kh of rp.taps) {
        for (const kw of cp.taps) {
          const base = (kh * k + kw) * cin * cout;
          for (let co = 0; co < cout; co++) for (let ci = 0; ci < cin; ci++) sv[o++] = wv[base + ci * cout + co]!;
        }
      }
      const shape: DirectConvShape = {
        kh: rp.taps.length,
        kw: cp.taps.length,
        stride: 1,
        cin: cout,
        cout: cin,
        inRows: padded.rows,
        inCols: padded.cols,
        outRows: rp.count,
        outCols: cp.count,
        outImageStep: h * w,
        outRowStep: s * w,
        outColStep: s,
      };
      const input = heapPointer(wasm, padded.info) + ((top + rp.first) * padded.cols + left + cp.first) * cout * 4;
      const output = heapPointer(wasm, dx) + (py * w + px) * cin * 4;
      convolve(wasm, shape, input, heapPointer(wasm, sub), output, b);
    }
  }
  freeScratch(wasm, scratch);
  return dx;
};

const cpuConv2d: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuBackendOf(backend);
  const a = attrs as unknown as Conv2dAttrs;
  const x = inputs["x"] as tf.TensorInfo;
  const filter = inputs["filter"] as tf.TensorInfo;
  const [b, h, w] = x.shape as [number, number, number, number];
  const [k, , , cout] = filter.shape as [number, number, number, number];
  const outShape = [b, convOutputSize(h, k, a.stride, a.padTop, a.padBottom), convOutputSize(w, k, a.stride, a.padLeft, a.padRight), cout];
  const out = new Float32Array(size(outShape));
  conv2dLoop(cpu.values(x), x.shape, cpu.values(filter), k, cout, a, out);
  return cpu.output(outShape, out);
};

const cpuConv2dInputGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuBackendOf(backend);
  const a = attrs as unknown as Conv2dAttrs & { inputShape: number[] };
  const dy = inputs["dy"] as tf.TensorInfo;
  const filter = inputs["filter"] as tf.TensorInfo;
  const dx = new Float32Array(size(a.inputShape));
  conv2dInputGradLoop(cpu.values(dy), dy.shape, cpu.values(filter), filter.shape[0]!, a.inputShape[3]!, a, a.inputShape, dx);
  return cpu.output([...a.inputShape], dx);
};

/** The convolution's and its input gradient's KernelConfig per backend (webgpu: the trainer uses tf ops there). */
export function conv2dKernelConfigs(): tf.KernelConfig[] {
  return [
    { kernelName: CONV2D_KERNEL, backendName: "wasm", kernelFunc: wasmConv2d },
    { kernelName: CONV2D_INPUT_GRAD_KERNEL, backendName: "wasm", kernelFunc: wasmConv2dInputGrad },
    { kernelName: CONV2D_KERNEL, backendName: "cpu", kernelFunc: cpuConv2d },
    { kernelName: CONV2D_INPUT_GRAD_KERNEL, backendName: "cpu", kernelFunc: cpuConv2dInputGrad },
  ];
}
