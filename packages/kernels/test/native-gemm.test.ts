// The native GEMM addon (native/gemm.c) against the wasm SIMD matmul module on the same heap: the
// same bits for every tile edge, A^T B, A B^T (against the module on B transposed beforehand, as
// the wasm kernel runs it), accumulation and batches of products, packed and unpacked
// (the direct path takes small products with n a multiple of the vector width), since both sum each element with one
// fused multiply-add per k in order. Setup builds the addon (scripts/build-native.sh) on a
// machine with a C compiler and Node's headers, as every machine of this project's kind has.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fusedMultiplyAdd } from "../src/expr/multiply-add.js";
import { nativeGemm, NATIVE_GEMM_PATH } from "../src/kernels/native-gemm.js";
import { matMulTakesColumns } from "../src/kernels/matmul-kernels.js";
import { loadBackend } from "../src/index.js";
import { matMulModuleBytes, type MatMulRun, type MatMulShape } from "../src/training/matmul-simd-module.js";
import { randoms } from "./random-values.js";

/** A product's shape, B stored transposed ([n, k]) with transposeB. */
type Shape = MatMulShape & { transposeB?: boolean };

/** A, B and C (C holding old values, for accumulation) laid out on a fresh memory, and room for B's rows after them. */
function heapWith(s: Shape): { memory: WebAssembly.Memory; a: number; b: number; c: number; bRows: number } {
  const [aLen, bLen, cLen] = [s.m * s.k, s.k * s.n, s.m * s.n];
  // odd float offsets: tfjs' allocations are 4-byte, not 16-byte, aligned
  const [a, b, c] = [4, 4 * (aLen + 3), 4 * (aLen + bLen + 5)];
  const bRows = c + 4 * (cLen + 1);
  const memory = new WebAssembly.Memory({ initial: Math.ceil((bRows + 4 * bLen) / 65536) + 1 });
  const heap = new Float32Array(memory.buffer);
  heap.set(randoms(aLen, 1), a / 4);
  heap.set(randoms(bLen, 2), b / 4);
  heap.set(randoms(cLen, 3), c / 4);
  return { memory, a, b, c, bRows };
}

function product(s: Shape, engine: "native" | "wasm"): Float32Array {
  const { memory, a, b, c, bRows } = heapWith(s);
  if (engine === "native") nativeGemm()!.gemm(memory.buffer, a, b, c, s.m, s.n, s.k, s.transposeA, s.transposeB === true, s.accumulate === true);
  else {
    const heap = new Float32Array(memory.buffer);
    // the module reads B's rows: B^T [n, k] transposed into them first
    if (s.transposeB) for (let j = 0; j < s.n; j++) for (let kk = 0; kk < s.k; kk++) heap[bRows / 4 + kk * s.n + j] = heap[b / 4 + j * s.k + kk]!;
    (new WebAssembly.Instance(new WebAssembly.Module(matMulModuleBytes(s)), { env: { memory } }).exports["run"] as MatMulRun)(a, s.transposeB ? bRows : b, c);
  }
  return new Float32Array(memory.buffer, c, s.m * s.n).slice();
}

describe("the native GEMM addon", () => {
  it("is built and loads here, and the wasm backend names it in its device string", async () => {
    expect(existsSync(NATIVE_GEMM_PATH), `${NATIVE_GEMM_PATH} (scripts/build-native.sh)`).toBe(true);
    expect(fusedMultiplyAdd()).toBe(true);
    const native = nativeGemm();
    expect(native?.isa()).toMatch(/^(AVX-512|AVX2|SSE2)$/);
    expect((await loadBackend("wasm")).device).toContain(`+ native GEMM (${native!.isa()}) on `);
    // so dense layers of any width take GemSweepMatMul on wasm (the SIMD module alone needs n % 4 == 0)
    expect([matMulTakesColumns(10, "wasm"), matMulTakesColumns(10, "cpu"), matMulTakesColumns(12, "cpu")]).toEqual([true, false, true]);
  });

  // rows around the 6-row tile, columns around the 32- (AVX-512) or 16-wide (AVX2) panel, all multiples of 4 (the wasm module's limit)
  const shapes: Shape[] = [];
  for (const m of [1, 5, 6, 7, 13])
    for (const n of [4, 12, 32, 36, 68])
      for (const k of [1, 3, 17]) for (const transposeA of [false, true]) for (const transposeB of [false, true]) for (const accumulate of [false, true]) shapes.push({ m, n, k, transposeA, transposeB, accumulate });
  // the MLP's products: forward, dW = x^T dy, dx = dy W^T
  shapes.push({ m: 128, n: 256, k: 784, transposeA: false }, { m: 784, n: 256, k: 128, transposeA: true, accumulate: true }, { m: 128, n: 256, k: 256, transposeA: false, transposeB: true });

  it(`gives the wasm SIMD module's bits on ${shapes.length} shapes (tile edges, A^T B, A B^T, accumulation)`, () => {
    for (const s of shapes) {
      const [native, wasm] = [product(s, "native"), product(s, "wasm")];
      const bad = native.findIndex((v, i) => !Object.is(v, wasm[i]));
      expect(bad, `${JSON.stringify(s)}: element ${bad}: ${native[bad]} vs ${wasm[bad]}`).toBe(-1);
    }
  });

  it("gemmBatch: Winograd's 16 products per block in one call, the same bits as 16 wasm products", () => {
    for (const s of [
      { m: 49, n: 32, k: 16, transposeA: false },
      { m: 128, n: 16, k: 16, transposeA: false },
      { m: 16, n: 64, k: 64, transposeA: false },
      { m: 16, n: 32, k: 49, transposeA: true, accumulate: true },
      { m: 5, n: 12, k: 7, transposeA: false },
    ] as MatMulShape[]) {
      const count = 16;
      const [aLen, bLen, cLen] = [s.m * s.k, s.k * s.n, s.m * s.n];
      // one cache line past each matrix, as Winograd spaces its positions
      const steps = { a: 4 * aLen + 64, b: 4 * bLen + 64, c: 4 * cLen + 64 };
      const [a, b, c] = [4, 4 + count * steps.a, 4 + count * (steps.a + steps.b)];
      const bytes = c + count * steps.c;
      const fill = (memory: WebAssembly.Memory) => {
        const heap = new Float32Array(memory.buffer);
        heap.set(randoms(bytes / 4 - 1, 7), 1);
        return memory;
      };
      const pages = Math.ceil(bytes / 65536) + 1;
      const native = fill(new WebAssembly.Memory({ initial: pages }));
      nativeGemm()!.gemmBatch(native.buffer, a, steps.a, b, steps.b, c, steps.c, count, s.m, s.n, s.k, s.transposeA, false, s.accumulate === true);
      const wasm = fill(new WebAssembly.Memory({ initial: pages }));
      const run = new WebAssembly.Instance(new WebAssembly.Module(matMulModuleBytes(s)), { env: { memory: wasm } }).exports["run"] as MatMulRun;
      for (let i = 0; i < count; i++) run(a + i * steps.a, b + i * steps.b, c + i * steps.c);
      const [got, want] = [new Float32Array(native.buffer, 0, bytes / 4), new Float32Array(wasm.buffer, 0, bytes / 4)];
      const bad = got.findIndex((v, i) => !Object.is(v, want[i]));
      expect(bad, `${JSON.stringify(s)}: float ${bad}: ${got[bad]} vs ${want[bad]}`).toBe(-1);
    }
  });

  it("writes zeros for k = 0, and leaves C alone when accumulating", () => {
    const s = { m: 3, n: 8, k: 0, transposeA: false };
    expect([...product(s, "native")]).toEqual(Array(24).fill(0));
    const { memory, c } = heapWith({ ...s, accumulate: true });
    const before = new Float32Array(memory.buffer, c, 24).slice();
    nativeGemm()!.gemm(memory.buffer, 4, 4, c, 3, 8, 0, false, false, true);
    expect(new Float32Array(memory.buffer, c, 24)).toEqual(before);
  });

  it("refuses matrices outside the heap or not float-aligned", () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const gemm = nativeGemm()!.gemm;
    expect(() => gemm(memory.buffer, 0, 0, 65536 - 8, 2, 4, 2, false, false, false)).toThrow("gemm: a matrix lies outside the heap or is not float-aligned");
    expect(() => gemm(memory.buffer, 2, 0, 64, 2, 4, 2, false, false, false)).toThrow("not float-aligned");
    expect(() => (gemm as unknown as (...args: unknown[]) => void)(memory.buffer, 0, 0)).toThrow("10 arguments");
    // the last of a batch's products must fit too
    const batch = nativeGemm()!.gemmBatch;
    expect(() => batch(memory.buffer, 0, 16, 64, 16, 128, 32768, 4, 2, 2, 2, false, false, false)).toThrow("outside the heap");
    expect(() => batch(memory.buffer, 0, 16, 64, 16, 128, 16, 4, 2, 2, 2, false, false, false)).not.toThrow();
  });
});
