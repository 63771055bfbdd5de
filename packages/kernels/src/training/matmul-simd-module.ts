// A matrix product C = A B (or A^T B) as one WebAssembly SIMD loop nest on the tfjs wasm heap,
// the sizes baked into the module (one per shape, cached). A panel of B (K rows x 8 columns)
// stays in L1 while every 4-row tile of A runs over it: per row of the panel 2 vector loads of
// B, 4 broadcast loads of A, 8 multiply-adds (expr/multiply-add.ts). XNNPACK's matMul ran ~18 GFLOP/s on the
// MLP's shapes (it packs B on every call: B changes every step).
import { I32, INSTR as I, localGet as get, localSet as set, oneFunctionModule, simd, SIMD_OP as S, splatConst, V128, v128Load, v128Load32Splat, v128Store } from "../expr/wasm-encoding.js";
import { multiplyAdd } from "../expr/multiply-add.js";
import { addConst, countdown, i32, whileLoop } from "../expr/wasm-loops.js";

export interface MatMulShape {
  /** C is m x n; the sum runs over k; n % 4 == 0 */
  m: number;
  n: number;
  k: number;
  /** A is stored k x m (C = A^T B) instead of m x k */
  transposeA: boolean;
  /** C += the product instead of C = (Winograd's filter gradient sums over blocks of tiles) */
  accumulate?: boolean;
}

/** run(a, b, c): byte addresses of A, B (k x n) and C (m x n, overwritten). */
export type MatMulRun = (a: number, b: number, c: number) => void;

export const matMulKey = (s: MatMulShape): string => `${s.m},${s.n},${s.k},${s.transposeA},${s.accumulate === true}`;

const [A, B, C] = [0, 1, 2];
const [I0, J0, PA, PB, KK] = [3, 4, 5, 6, 7];
const I32_LOCALS = 5;
const ACC = 8;
const B0 = ACC + 8;
const SPLAT = B0 + 2;
const V128_LOCALS = 11;

export function matMulModuleBytes(s: MatMulShape): Uint8Array<ArrayBuffer> {
  // bytes between A's rows m and m+1 of a tile, and between its steps along k
  const [aRow, aStep] = s.transposeA ? [4, s.m * 4] : [s.k * 4, 4];

  const tile = (mr: number, nr: number): number[] => {
    const acc = (r: number, j: number) => ACC + r * 2 + j;
    const step = [
      ...Array.from({ length: nr }, (_, j) => [...get(PB), ...v128Load(16 * j), ...set(B0 + j)]).flat(),
      ...Array.from({ length: mr }, (_, r) => [
        ...get(PA), ...v128Load32Splat(r * aRow), ...set(SPLAT),
        ...Array.from({ length: nr }, (_, j) => [...multiplyAdd(get(acc(r, j)), get(SPLAT), get(B0 + j)), ...set(acc(r, j))]).flat(),
      ]).flat(),
      ...addConst(PA, aStep),
      ...addConst(PB, s.n * 4),
    ];
    // prettier-ignore
    return [
      ...Array.from({ length: mr * nr }, (_, t) => [...splatConst(0), ...set(acc(Math.floor(t / nr), t % nr))]).flat(),
      // pa = a + i0 * (transposeA ? 4 : k * 4); pb = b + j0 * 4
      ...get(A), ...get(I0), ...i32(aRow), I.i32Mul, I.i32Add, ...set(PA),
      ...get(B), ...get(J0), ...i32(4), I.i32Mul, I.i32Add, ...set(PB),
      ...i32(s.k), ...set(KK), ...countdown(KK, step),
      // c + (i0 * n + j0) * 4, row r at r * n * 4
      ...get(I0), ...i32(s.n), I.i32Mul, ...get(J0), I.i32Add, ...i32(2), I.i32Shl, ...get(C), I.i32Add, ...set(PA),
      ...Array.from({ length: mr * nr }, (_, t) => {
        const [r, j] = [Math.floor(t / nr), t % nr];
        const at = r * s.n * 4 + 16 * j;
        const value = s.accumulate ? [...get(PA), ...v128Load(at), ...get(acc(r, j)), ...simd(S.f32x4Add)] : get(acc(r, j));
        return [...get(PA), ...value, ...v128Store(at)];
      }).flat(),
    ];
  };

  /** Every row tile of A against the panel of B at column j0. */
  const panel = (nr: number): number[] => [
    ...i32(0), ...set(I0),
    ...whileLoop([...get(I0), ...i32(4), I.i32Add, ...i32(s.m), I.i32LeU], [...tile(4, nr), ...addConst(I0, 4)]),
    ...whileLoop([...get(I0), ...i32(s.m), I.i32LtU], [...tile(1, nr), ...addConst(I0, 1)]),
    ...addConst(J0, 4 * nr),
  ];
  // prettier-ignore
  const code = s.k > 0 ? [
    ...i32(0), ...set(J0),
    ...whileLoop([...get(J0), ...i32(8), I.i32Add, ...i32(s.n), I.i32LeU], panel(2)),
    ...whileLoop([...get(J0), ...i32(s.n), I.i32LtU], panel(1)),
  ] : [];
  return oneFunctionModule({ params: [I32, I32, I32], results: [] }, [[I32_LOCALS, I32], [V128_LOCALS, V128]], code);
}
