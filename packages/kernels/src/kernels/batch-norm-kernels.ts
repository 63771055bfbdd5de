// GemSweepBatchNorm and GemSweepBatchNormGrad's KernelConfigs: wasm runs the per-channel SIMD
// passes on the heap (the JS loops where C % 4 != 0), cpu the JS loops, webgpu the WGSL programs of
// batch-norm-wgsl.ts.
import type * as tf from "@tensorflow/tfjs";
import { batchNormForwardPrograms, batchNormGradPrograms, blockLayout, type BatchNormProgram } from "../training/batch-norm-wgsl.js";
import { centeredSquares, channelSums, gradientSums, inputGradient, scaleShift } from "../training/batch-norm-simd-modules.js";
import {
  BATCH_NORM_GRAD_KERNEL,
  BATCH_NORM_KERNEL,
  batchNormForwardLoop,
  batchNormGradCoefficients,
  batchNormGradSums,
  batchNormInputGradLoop,
  type BatchNormAttrs,
} from "../training/batch-norm.js";
import { cpuBackendOf } from "./cpu-backend.js";
import { blockwise, pass } from "./per-channel-passes.js";
import { asWasmBackend, freeScratch, heapPointer, heapView, type WasmBackend } from "./wasm-backend.js";

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Temporary [C] vectors on the heap, written from JS, freed after the kernel. */
function scratch(wasm: WasmBackend, count: number, c: number): tf.TensorInfo[] {
  return Array.from({ length: count }, () => wasm.makeOutput([c], "float32"));
}

const wasmBatchNorm: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const { eps } = attrs as unknown as BatchNormAttrs;
  const [x, gamma, beta] = (["x", "gamma", "beta"] as const).map((k) => inputs[k] as tf.TensorInfo) as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  const c = gamma.shape[0]!;
  const total = size(x.shape);
  const pixels = total / c;
  // Allocate first: makeOutput may grow the heap, which detaches earlier views.
  const [y, mean, variance] = [wasm.makeOutput([...x.shape], "float32"), wasm.makeOutput([c], "float32"), wasm.makeOutput([c], "float32")];
  const temps = scratch(wasm, 2, c);
  const ptr = (t: tf.TensorInfo) => heapPointer(wasm, t);
  const view = (t: tf.TensorInfo, n = c) => heapView(wasm, ptr(t), n);
  if (c % 4 !== 0 || pixels === 0) {
    batchNormForwardLoop(view(x, total), view(gamma), view(beta), eps, view(y, total), view(mean), view(variance));
    freeScratch(wasm, temps);
    return [y, mean, variance];
  }
  const [scale, shift] = temps as [tf.TensorInfo, tf.TensorInfo];
  view(mean).fill(0);
  view(variance).fill(0);
  const sums = pass(wasm, channelSums);
  blockwise(pixels, c, (off, count) => sums(ptr(x) + off, ptr(mean), count, c));
  const m = view(mean);
  for (let ch = 0; ch < c; ch++) m[ch] = m[ch]! / pixels;
  const squares = pass(wasm, centeredSquares);
  blockwise(pixels, c, (off, count) => squares(ptr(x) + off, ptr(mean), ptr(variance), count, c));
  const [v, g, b, sc, sh] = [view(variance), view(gamma), view(beta), view(scale), view(shift)];
  for (let ch = 0; ch < c; ch++) {
    v[ch] = v[ch]! / pixels;
    sc[ch] = g[ch]! / Math.sqrt(v[ch]! + eps);
    sh[ch] = b[ch]! - m[ch]! * sc[ch]!;
  }
  pass(wasm, scaleShift)(ptr(x), ptr(scale), ptr(shift), ptr(y), pixels, c);
  freeScratch(wasm, temps);
  return [y, mean, variance];
};

const GRAD_INPUTS = ["dy", "x", "mean", "variance", "gamma", "dmean", "dvariance"] as const;

const wasmBatchNormGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const { eps } = attrs as unknown as BatchNormAttrs;
  const [dy, x, mean, variance, gamma, dmean, dvariance] = GRAD_INPUTS.map((k) => inputs[k] as tf.TensorInfo) as tf.TensorInfo[] as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  const c = gamma.shape[0]!;
  const total = size(x.shape);
  const pixels = total / c;
  const [dx, dgamma, dbeta] = [wasm.makeOutput([...x.shape], "float32"), wasm.makeOutput([c], "float32"), wasm.makeOutput([c], "float32")];
  const temps = scratch(wasm, 4, c);
  const [s2, a, b, d] = temps as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  const ptr = (t: tf.TensorInfo) => heapPointer(wasm, t);
  const view = (t: tf.TensorInfo, n = c) => heapView(wasm, ptr(t), n);
  const simd = c % 4 === 0 && pixels > 0;
  let sums: { s1: ArrayLike<number>; s2: ArrayLike<number> };
  if (simd) {
    view(dbeta).fill(0);
    view(s2).fill(0);
    const run = pass(wasm, gradientSums);
    blockwise(pixels, c, (off, count) => run(ptr(dy) + off, ptr(x) + off, ptr(mean), ptr(dbeta), ptr(s2), count, c));
    sums = { s1: view(dbeta).slice(), s2: view(s2).slice() };
  } else {
    sums = batchNormGradSums(view(dy, total), view(x, total), view(mean));
  }
  const k = batchNormGradCoefficients(sums.s1, sums.s2, view(mean), view(variance), view(gamma), view(dmean), view(dvariance), pixels, eps);
  view(a).set(k.a);
  view(b).set(k.b);
  view(d).set(k.d);
  view(dgamma).set(k.dgamma);
  view(dbeta).set(Float32Array.from(sums.s1));
  if (simd) pass(wasm, inputGradient)(ptr(dy), ptr(x), ptr(a), ptr(b), ptr(d), ptr(dx), pixels, c);
  else batchNormInputGradLoop(view(dy, total), view(x, total), k.a, k.b, k.d, view(dx, total));
  freeScratch(wasm, temps);
  return [dx, dgamma, dbeta];
};

const cpuBatchNorm: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuBackendOf(backend);
  const { eps } = attrs as unknown as BatchNormAttrs;
  const x = inputs["x"] as tf.TensorInfo;
  const c = (inputs["gamma"] as tf.TensorInfo).shape[0]!;
  const [y, mean, variance] = [new Float32Array(size(x.shape)), new Float32Array(c), new Float32Array(c)];
  batchNormForwardLoop(cpu.values(x), cpu.values(inputs["gamma"] as tf.TensorInfo), cpu.values(inputs["beta"] as tf.TensorInfo), eps, y, mean, variance);
  return [cpu.output([...x.shape], y), cpu.output([c], mean), cpu.output([c], variance)];
};

const cpuBatchNormGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuBackendOf(backend);
  const { eps } = attrs as unknown as BatchNormAttrs;
  const [dy, x, mean, variance, gamma, dmean, dvariance] = GRAD_INPUTS.map((k) => cpu.values(inputs[k] as tf.TensorInfo)) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const { s1, s2 } = batchNormGradSums(dy, x, mean);
  const k = batchNormGradCoefficients(s1, s2, mean, variance, gamma, dmean, dvariance, x.length / mean.length, eps);
  const dx = new Float32Array(x.length);
  batchNormInputGradLoop(dy, x, k.a, k.b, k.d, dx);
  const shape = [...(inputs["x"] as tf.TensorInfo).shape];
  return [cpu.output(shape, dx), cpu.output([mean.length], k.dgamma), cpu.output([mean.length], Float32Array.from(s1))];
};

type WebgpuRunner = {
  runWebGPUProgram(program: BatchNormProgram, inputs: tf.TensorInfo[], dtype: "float32", uniforms: BatchNormProgram["uniformValues"]): tf.TensorInfo;
  disposeData(dataId: object): boolean;
};

/** Runs a batch-norm program through tfjs-webgpu, on [M, C] views of the tensors given as such. */
function runner(backend: unknown) {
  const gpu = backend as WebgpuRunner;
  return (program: BatchNormProgram, inputs: tf.TensorInfo[]) => gpu.runWebGPUProgram(program, inputs, "float32", program.uniformValues);
}

const webgpuBatchNorm: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { eps } = attrs as unknown as BatchNormAttrs;
  const [x, gamma, beta] = (["x", "gamma", "beta"] as const).map((k) => inputs[k] as tf.TensorInfo) as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  const c = gamma.shape[0]!;
  const layout = blockLayout(size(x.shape) / c, c);
  const run = runner(backend);
  const p = batchNormForwardPrograms(layout, eps);
  const matrix = { ...x, shape: [layout.rows, c] };
  const partials = run(p.partials, [matrix]);
  const mean = run(p.mean, [partials]);
  const variance = run(p.variance, [partials]);
  (backend as unknown as WebgpuRunner).disposeData(partials.dataId);
  const y = run(p.normalize, [matrix, mean, variance, gamma, beta]);
  return [{ ...y, shape: [...x.shape] }, mean, variance];
};

const webgpuBatchNormGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { eps } = attrs as unknown as BatchNormAttrs;
  const [dy, x, mean, variance, gamma, dmean, dvariance] = GRAD_INPUTS.map((k) => inputs[k] as tf.TensorInfo) as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  const c = gamma.shape[0]!;
  const layout = blockLayout(size(x.shape) / c, c);
  const run = runner(backend);
  const p = batchNormGradPrograms(layout, eps);
  const [dyMatrix, xMatrix] = [{ ...dy, shape: [layout.rows, c] }, { ...x, shape: [layout.rows, c] }];
  const partials = run(p.partials, [dyMatrix, xMatrix, mean]);
  const coefficients = run(p.coefficients, [partials, mean, variance, gamma, dmean, dvariance]);
  const dgamma = run(p.dgamma, [partials, variance]);
  const dbeta = run(p.dbeta, [partials]);
  const dx = run(p.inputGrad, [dyMatrix, xMatrix, coefficients]);
  for (const t of [partials, coefficients]) (backend as unknown as WebgpuRunner).disposeData(t.dataId);
  return [{ ...dx, shape: [...x.shape] }, dgamma, dbeta];
};

/** Batch norm's forward and gradient KernelConfigs per backend. */
export function batchNormKernelConfigs(): tf.KernelConfig[] {
  return [
    { kernelName: BATCH_NORM_KERNEL, backendName: "webgpu", kernelFunc: webgpuBatchNorm },
    { kernelName: BATCH_NORM_GRAD_KERNEL, backendName: "webgpu", kernelFunc: webgpuBatchNormGrad },
    { kernelName: BATCH_NORM_KERNEL, backendName: "wasm", kernelFunc: wasmBatchNorm },
    { kernelName: BATCH_NORM_GRAD_KERNEL, backendName: "wasm", kernelFunc: wasmBatchNormGrad },
    { kernelName: BATCH_NORM_KERNEL, backendName: "cpu", kernelFunc: cpuBatchNorm },
    { kernelName: BATCH_NORM_GRAD_KERNEL, backendName: "cpu", kernelFunc: cpuBatchNormGrad },
  ];
}
