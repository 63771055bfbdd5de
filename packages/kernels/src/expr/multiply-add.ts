// acc + a * b on four float32 lanes, the inner step of every GEMM-like training kernel (matmul,
// direct convolution, filter gradient). WebAssembly's relaxed SIMD has a fused multiply-add
// (f32x4.relaxed_madd): one instruction instead of two and no temporary register, 15-20% on the
// microkernels (wider register tiles did not pay: V8 spills past ~11 live v128 values). Node 20's
// V8 has it behind a flag, which V8 reads when a module is compiled, so it is switched on here
// the first time a kernel asks.
//
// The choice is made once per process and kept: every module of a run uses the same
// arithmetic. Fused and unfused results differ in the last bits (one rounding instead of two);
// GEMSWEEP_WASM_FMA=0 turns the fused form off, e.g. to compare runs bit for bit with a
// machine that lacks it.
import { I32, INSTR as I, localGet, oneFunctionModule, simd, SIMD_OP, V128 } from "./wasm-encoding.js";

/** f32x4.relaxed_madd(a, b, c) = a * b + c, from the relaxed SIMD proposal (final opcode). */
const RELAXED_MADD = 0x105;

let fused: boolean | undefined;

/** Whether this process's kernels use the fused multiply-add; decided on the first call. */
export function fusedMultiplyAdd(): boolean {
  fused ??= process.env["GEMSWEEP_WASM_FMA"] !== "0" && enableRelaxedSimd();
  return fused;
}

function enableRelaxedSimd(): boolean {
  const probe = oneFunctionModule({ params: [I32], results: [] }, [[1, V128]], [...localGet(1), ...localGet(1), ...localGet(1), ...simd(RELAXED_MADD), I.drop]);
  if (WebAssembly.validate(probe)) return true;
  const v8 = process.getBuiltinModule?.("node:v8") as typeof import("node:v8") | undefined;
  v8?.setFlagsFromString("--experimental-wasm-relaxed-simd");
  return WebAssembly.validate(probe);
}

/**
 * Instructions leaving acc + a * b on the stack, given three instruction sequences that each
 * push one v128.
 */
export function multiplyAdd(acc: number[], a: number[], b: number[]): number[] {
  return fusedMultiplyAdd() ? [...a, ...b, ...acc, ...simd(RELAXED_MADD)] : [...acc, ...a, ...b, ...simd(SIMD_OP.f32x4Mul), ...simd(SIMD_OP.f32x4Add)];
}
