// One acc + a * b through the kernels' multiplyAdd, on lane 0, and a case whose fused and
// unfused results differ: a = b = 1 + 2^-12, acc = -(1 + 2^-11). The exact a * b is
// 1 + 2^-11 + 2^-24; float32 rounds the product to 1 + 2^-11 (a tie, to even), so an unfused
// multiply-add gives 0 and a fused one 2^-24.
import { multiplyAdd } from "../src/expr/multiply-add.js";
import { F32, localGet, oneFunctionModule, simd, SIMD_OP } from "../src/expr/wasm-encoding.js";

export const ROUNDING_CASE = { a: 1 + 2 ** -12, b: 1 + 2 ** -12, acc: -(1 + 2 ** -11), fused: 2 ** -24, unfused: 0 };

export function multiplyAddOnce(c: { a: number; b: number; acc: number }): number {
  const splat = (param: number) => [...localGet(param), ...simd(SIMD_OP.f32x4Splat)];
  const code = [...multiplyAdd(splat(2), splat(0), splat(1)), ...simd(SIMD_OP.f32x4ExtractLane), 0];
  const bytes = oneFunctionModule({ params: [F32, F32, F32], results: [F32] }, [], code);
  const memory = new WebAssembly.Memory({ initial: 1 });
  const run = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports["run"] as (a: number, b: number, acc: number) => number;
  return run(c.a, c.b, c.acc);
}
