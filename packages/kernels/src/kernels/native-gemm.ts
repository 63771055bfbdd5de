// The native GEMM addon (native/gemm.c, built at setup by scripts/build-native.sh), when it is
// built and this process may use it. It computes GemSweepMatMul's products (dense layers,
// Winograd's per-position products) on the wasm heap with 256- or 512-bit vectors; wasm SIMD
// has 128. Each element is summed as the wasm microkernel sums it, with the fused multiply-add,
// so it is used only where the wasm kernels use that too (expr/multiply-add.ts): one arithmetic
// per process, and the same bits either way (widths not a multiple of 4, which the wasm module
// cannot take, aside). GEMSWEEP_NATIVE=0 turns it off.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { fusedMultiplyAdd } from "../expr/multiply-add.js";

export interface NativeGemm {
  /** C (+)= A B, A^T B, A B^T or A^T B^T on `heap`; a, b, c are byte offsets (see MatMulShape; B^T: b is stored [n, k]). */
  gemm(heap: ArrayBuffer, a: number, b: number, c: number, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean, accumulate: boolean): void;
  /** count products of one shape, the i-th at a + i aStep, b + i bStep, c + i cStep, in one call. */
  gemmBatch(heap: ArrayBuffer, a: number, aStep: number, b: number, bStep: number, c: number, cStep: number, count: number, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean, accumulate: boolean): void;
  /** The instruction set the addon chose on this CPU: "AVX-512", "AVX2" or "SSE2". */
  isa(): string;
}

/** Where scripts/build-native.sh writes the addon (this file's URL is kept by the CLI bundle). */
export const NATIVE_GEMM_PATH = fileURLToPath(new URL("../../native/build/gemsweep-gemm.node", import.meta.url));

let loaded: NativeGemm | null | undefined;

/** The addon, or null where it is not built, switched off, or the wasm kernels run unfused. */
export function nativeGemm(): NativeGemm | null {
  if (loaded === undefined) {
    const allowed = process.env["GEMSWEEP_NATIVE"] !== "0" && fusedMultiplyAdd() && existsSync(NATIVE_GEMM_PATH);
    // An addon that exists but does not load (built for another Node ABI) is an error to see, not a silent fallback.
    loaded = allowed ? (createRequire(import.meta.url)(NATIVE_GEMM_PATH) as NativeGemm) : null;
  }
  return loaded;
}
