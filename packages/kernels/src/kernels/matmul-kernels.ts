// GemSweepMatMul's KernelConfigs: wasm runs the native GEMM addon on the heap where it is built
// (native-gemm.ts), else the SIMD module (the JS loop where the columns are not a multiple of 4);
// cpu the JS loop.
import type * as tf from "@tensorflow/tfjs";
import { MATMUL_KERNEL, matMulLoop, type MatMulAttrs } from "../training/matmul.js";
import { matMulKey, matMulModuleBytes, type MatMulRun, type MatMulShape } from "../training/matmul-simd-module.js";
import { cpuBackendOf } from "./cpu-backend.js";
import { nativeGemm } from "./native-gemm.js";
import { asWasmBackend, heapPointer, heapView, shapedModuleExport, wasmMemory, type WasmBackend } from "./wasm-backend.js";

const runs = new WeakMap<WebAssembly.Memory, Map<string, MatMulRun>>();

/** The product of one shape on this backend's heap: the native addon where built (it picks packed or unpacked by size), else a SIMD module. */
export function matMulRun(wasm: WasmBackend, shape: MatMulShape): MatMulRun {
  if (nativeUsable(wasm)) return nativeMatMulRun(wasm, shape);
  return shapedModuleExport(runs, wasmMemory(wasm), matMulKey(shape), () => matMulModuleBytes(shape));
}

/** The addon is built and can read this heap (N-API takes an ArrayBuffer; a threaded wasm build's shared heap is not one). */
const nativeUsable = (wasm: WasmBackend): boolean => nativeGemm() !== null && !(wasmMemory(wasm).buffer instanceof SharedArrayBuffer);

/** The product in the native addon (matMulRun checks nativeUsable). */
function nativeMatMulRun(wasm: WasmBackend, shape: MatMulShape): MatMulRun {
  const native = nativeGemm()!;
  const memory = wasmMemory(wasm);
  const { m, n, k, transposeA } = shape;
  const accumulate = shape.accumulate === true;
  // memory.buffer at each call: growing the heap replaces it
  return (a, b, c) => native.gemm(memory.buffer, a, b, c, m, n, k, transposeA, accumulate);
}

/**
 * Whether GemSweepMatMul computes a product with this many columns at speed on this backend: any
 * width where the native addon runs, else a multiple of 4 (the SIMD module's; others take its JS loop).
 */
export function matMulTakesColumns(columns: number, backendName: string): boolean {
  return columns % 4 === 0 || (backendName === "wasm" && nativeGemm() !== null);
}

/** m, n, k of A B or A^T B. */
function sizes(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean): { m: number; n: number; k: number } {
  const [a0, a1] = a.shape as [number, number];
  const [k, n] = b.shape as [number, number];
  const [m, ak] = transposeA ? [a1, a0] : [a0, a1];
  if (ak !== k) throw new Error(`${MATMUL_KERNEL}: inner sizes differ (${a.shape} x ${b.shape}, transposeA ${transposeA})`);
  return { m, n, k };
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
    return (a, b, c) => native.gemmBatch(memory.buffer, a, steps.a, b, steps.b, c, steps.c, count, m, n, k, transposeA, accumulate);
  }
  const one = matMulRun(wasm, shape);
  return (a, b, c) => {
    for (let i = 0; i < count; i++) one(a + i * steps.a, b + i * steps.b, c + i * steps.c);
  };
}

const wasmMatMul: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend);
  const { transposeA } = attrs as unknown as MatMulAttrs;
  const [a, b] = [inputs["a"] as tf.TensorInfo, inputs["b"] as tf.TensorInfo];
  const { m, n, k } = sizes(a, b, transposeA);
  const c = wasm.makeOutput([m, n], "float32");
  if (n % 4 !== 0 && !nativeUsable(wasm)) {
    // (the SIMD module needs n % 4 == 0; the addon takes any n)
    const view = (t: tf.TensorInfo, count: number) => heapView(wasm, heapPointer(wasm, t), count);
    matMulLoop(view(a, m * k), view(b, k * n), view(c, m * n), m, n, k, transposeA);
    return c;
  }
  matMulRun(wasm, { m, n, k, transposeA })(heapPointer(wasm, a), heapPointer(wasm, b), heapPointer(wasm, c));
  return c;
};

const cpuMatMul: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuBackendOf(backend);
  const { transposeA } = attrs as unknown as MatMulAttrs;
  const [a, b] = [inputs["a"] as tf.TensorInfo, inputs["b"] as tf.TensorInfo];
  const { m, n, k } = sizes(a, b, transposeA);
  const c = new Float32Array(m * n);
  matMulLoop(cpu.values(a), cpu.values(b), c, m, n, k, transposeA);
  return cpu.output([m, n], c);
};

/** The matrix product's KernelConfig per backend (webgpu: the trainer uses tf.matMul there). */
export function matMulKernelConfigs(): tf.KernelConfig[] {
  return [
    { kernelName: MATMUL_KERNEL, backendName: "wasm", kernelFunc: wasmMatMul },
    { kernelName: MATMUL_KERNEL, backendName: "cpu", kernelFunc: cpuMatMul },
  ];
}
