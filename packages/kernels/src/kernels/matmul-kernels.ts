// GemSweepMatMul's KernelConfigs: wasm runs the native GEMM addon on the heap where it is built
// (native-gemm.ts), else the SIMD module (the JS loop where the columns are not a multiple of 4;
// B^T copied transposed first, as the module reads B's rows); cpu the JS loop.
import * as tf from "@tensorflow/tfjs";
import { MATMUL_KERNEL, matMulLoop, type MatMulAttrs } from "../training/matmul.js";
import { matMulKey, matMulModuleBytes, type MatMulRun, type MatMulShape } from "../training/matmul-simd-module.js";
import { cpuBackendOf } from "./cpu-backend.js";
import { nativeGemm } from "./native-gemm.js";
import { asWasmBackend, freeScratch, heapPointer, heapView, shapedModuleExport, wasmMemory, type WasmBackend } from "./wasm-backend.js";

const runs = new WeakMap<WebAssembly.Memory, Map<string, MatMulRun>>();

/** The SIMD module's product of one shape on this backend's heap (where the native addon does not run). */
function simdMatMulRun(wasm: WasmBackend, shape: MatMulShape): MatMulRun {
  return shapedModuleExport(runs, wasmMemory(wasm), matMulKey(shape), () => matMulModuleBytes(shape));
}

/** The addon is built and can read this heap (N-API takes an ArrayBuffer; a threaded wasm build's shared heap is not one). */
const nativeUsable = (wasm: WasmBackend): boolean => nativeGemm() !== null && !(wasmMemory(wasm).buffer instanceof SharedArrayBuffer);

/**
 * Whether GemSweepMatMul computes a product with this many columns at speed on this backend: any
 * width where the native addon runs on the wasm heap, else a multiple of 4 (the SIMD module's;
 * others take its JS loop).
 */
export function matMulTakesColumns(columns: number, backendName: string): boolean {
  if (columns % 4 === 0) return true;
  const wasm = backendName === "wasm" ? tf.findBackend("wasm") : null;
  return wasm !== null && nativeUsable(asWasmBackend(wasm));
}

/** m, n, k of op(A) op(B). */
function sizes(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): { m: number; n: number; k: number } {
  const [a0, a1] = a.shape as [number, number];
  const [b0, b1] = b.shape as [number, number];
  const [m, ak] = transposeA ? [a1, a0] : [a0, a1];
  const [k, n] = transposeB ? [b1, b0] : [b0, b1];
  if (ak !== k) throw new Error(`${MATMUL_KERNEL}: inner sizes differ (${a.shape} x ${b.shape}, transposeA ${transposeA}, transposeB ${transposeB})`);
  return { m, n, k };
}

/** The attributes, transposeB false where a caller from before it existed left it out. */
function matMulAttrs(attrs: unknown): { transposeA: boolean; transposeB: boolean } {
  const { transposeA, transposeB } = attrs as Partial<MatMulAttrs>;
  return { transposeA: transposeA === true, transposeB: transposeB === true };
}

/** Byte steps between the products of a batch: the i-th reads a + i a, b + i b and writes c + i c. */
export interface MatMulSteps {
  a: number;
  b: number;
  c: number;
}

/**
 * count products of one shape at evenly spaced addresses (Winograd's 16 per block): one call into
 * the native addon where built, else the SIMD module count times.
 */
export function matMulBatchRun(wasm: WasmBackend, shape: MatMulShape, count: number, steps: MatMulSteps): MatMulRun {
  if (nativeUsable(wasm)) {
    const [native, memory] = [nativeGemm()!, wasmMemory(wasm)];
    const { m, n, k, transposeA } = shape;
    const accumulate = shape.accumulate === true;
    return (a, b, c) => native.gemmBatch(memory.buffer, a, steps.a, b, steps.b, c, steps.c, count, m, n, k, transposeA, false, accumulate);
  }
  const one = simdMatMulRun(wasm, shape);
  return (a, b, c) => {
    for (let i = 0; i < count; i++) one(a + i * steps.a, b + i * steps.b, c + i * steps.c);
  };
}

const wasmMatMul: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const { transposeA, transposeB } = matMulAttrs(attrs);
  const [a, b] = [inputs["a"] as tf.TensorInfo, inputs["b"] as tf.TensorInfo];
  const { m, n, k } = sizes(a, b, transposeA, transposeB);
  const c = wasm.makeOutput([m, n], "float32");
  if (nativeUsable(wasm)) {
    nativeGemm()!.gemm(wasmMemory(wasm).buffer, heapPointer(wasm, a), heapPointer(wasm, b), heapPointer(wasm, c), m, n, k, transposeA, transposeB, false);
    return c;
  }
  // the SIMD module reads B's rows: B^T is copied transposed first, the same bits as tf.transpose then A B
  const bRows = transposeB ? wasm.makeOutput([k, n], "float32") : b;
  const view = (t: tf.TensorInfo, count: number) => heapView(wasm, heapPointer(wasm, t), count);
  if (transposeB) transposeInto(view(b, n * k), n, k, view(bRows, k * n));
  if (n % 4 !== 0) matMulLoop(view(a, m * k), view(bRows, k * n), view(c, m * n), m, n, k, transposeA); // the module needs n % 4 == 0
  else simdMatMulRun(wasm, { m, n, k, transposeA })(heapPointer(wasm, a), heapPointer(wasm, bRows), heapPointer(wasm, c));
  if (transposeB) freeScratch(wasm, [bRows]);
  return c;
};

/** out [cols, rows] = x [rows, cols] transposed. */
function transposeInto(x: Float32Array, rows: number, cols: number, out: Float32Array): void {
  for (let r = 0; r < rows; r++) for (let c = 0, base = r * cols; c < cols; c++) out[c * rows + r] = x[base + c]!;
}

const cpuMatMul: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuBackendOf(backend);
  const { transposeA, transposeB } = matMulAttrs(attrs);
  const [a, b] = [inputs["a"] as tf.TensorInfo, inputs["b"] as tf.TensorInfo];
  const { m, n, k } = sizes(a, b, transposeA, transposeB);
  const c = new Float32Array(m * n);
  matMulLoop(cpu.values(a), cpu.values(b), c, m, n, k, transposeA, transposeB);
  return cpu.output([m, n], c);
};

/** The matrix product's KernelConfig per backend (webgpu: the trainer uses tf.matMul there). */
export function matMulKernelConfigs(): tf.KernelConfig[] {
  return [
    { kernelName: MATMUL_KERNEL, backendName: "wasm", kernelFunc: wasmMatMul },
    { kernelName: MATMUL_KERNEL, backendName: "cpu", kernelFunc: cpuMatMul },
  ];
}
