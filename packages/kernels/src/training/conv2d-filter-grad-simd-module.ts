// The filter gradient of a 2-D convolution as one WebAssembly SIMD loop nest on the tfjs wasm
// heap, with no im2col matrix: dW[ci, co] += sum over pixels of x[pixel, ci] * dy[pixel, co], for
// one image and one filter tap (kh, kw) per call. A 4 x 8 tile of dW (8 accumulators) stays in
// registers over all the image's pixels: per pixel 2 vector loads of dy, 4 broadcast loads of x,
// 8 multiplies and 8 adds. (It replaced a JS im2col pass plus a matMul with K = B*H*W.)
import { I32, INSTR as I, localGet as get, localSet as set, simd, SIMD_OP as S, splatConst, V128, v128Load, v128Load32Splat, v128Store, oneFunctionModule } from "../expr/wasm-encoding.js";
import { addConst, addLocal, countdown, i32, whileLoop } from "../expr/wasm-loops.js";

/**
 * run(x, dy, dw, rows, cols, xRowStep, xColStep, dyRowStep, cin, cout): byte addresses of the
 * first valid input pixel (channel 0), its dy pixel and dW[kh, kw, 0, 0]; rows x cols valid
 * output pixels (both >= 1); the byte steps between output rows in x and dy and between output
 * columns in x (stride * cin * 4). Adds into dw; needs cout % 4 == 0 (any cin).
 */
export type FilterGradRun = (x: number, dy: number, dw: number, rows: number, cols: number, xRowStep: number, xColStep: number, dyRowStep: number, cin: number, cout: number) => void;

// params
const [X, DY, DW, ROWS, COLS, X_ROW_STEP, X_COL_STEP, DY_ROW_STEP, CIN, COUT] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
// i32 locals
const [CI, CO, R, C, XP, DP, XROW, DYROW, DY_COL_STEP, T] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
const I32_LOCALS = 10;
// v128 locals: 8 accumulators (acc[m * 2 + j]), 2 dy vectors, 1 broadcast x
const ACC = 20;
const D = ACC + 8;
const SPLAT = D + 2;
const V128_LOCALS = 11;

/** One mr x (4 nr) tile of dW at (ci, co): zero, accumulate over rows x cols pixels, add into dw. */
function tile(mr: number, nr: number): number[] {
  const acc = (m: number, j: number) => ACC + m * 2 + j;
  const zero = Array.from({ length: mr * nr }, (_, t) => [...splatConst(0), ...set(acc(Math.floor(t / nr), t % nr))]).flat();
  const pixel = [
    ...Array.from({ length: nr }, (_, j) => [...get(DP), ...v128Load(16 * j), ...set(D + j)]).flat(),
    ...Array.from({ length: mr }, (_, m) => [
      ...get(XP), ...v128Load32Splat(4 * m), ...set(SPLAT),
      ...Array.from({ length: nr }, (_, j) => [...get(acc(m, j)), ...get(SPLAT), ...get(D + j), ...simd(S.f32x4Mul), ...simd(S.f32x4Add), ...set(acc(m, j))]).flat(),
    ]).flat(),
    ...addLocal(XP, X_COL_STEP),
    ...addLocal(DP, DY_COL_STEP),
  ];
  const row = [...get(XROW), ...set(XP), ...get(DYROW), ...set(DP), ...get(COLS), ...set(C), ...countdown(C, pixel), ...addLocal(XROW, X_ROW_STEP), ...addLocal(DYROW, DY_ROW_STEP)];
  // t = dw + (ci * cout + co) * 4: the tile's first element; row m is m * cout * 4 further
  const store = [
    ...get(CI), ...get(COUT), I.i32Mul, ...get(CO), I.i32Add, ...i32(2), I.i32Shl, ...get(DW), I.i32Add, ...set(T),
    ...Array.from({ length: mr }, (_, m) => [
      ...Array.from({ length: nr }, (_, j) => [...get(T), ...get(T), ...v128Load(16 * j), ...get(acc(m, j)), ...simd(S.f32x4Add), ...v128Store(16 * j)]).flat(),
      ...addLocal(T, DY_COL_STEP),
    ]).flat(),
  ];
  // prettier-ignore
  return [
    ...zero,
    // xrow = x + ci * 4; dyrow = dy + co * 4
    ...get(X), ...get(CI), ...i32(2), I.i32Shl, I.i32Add, ...set(XROW),
    ...get(DY), ...get(CO), ...i32(2), I.i32Shl, I.i32Add, ...set(DYROW),
    ...get(ROWS), ...set(R), ...countdown(R, row),
    ...store,
  ];
}

/** The tiles of one block of mr input channels at ci: 8 output channels at a time, then a last 4. */
function channelBlock(mr: number): number[] {
  // prettier-ignore
  return [
    ...i32(0), ...set(CO),
    ...whileLoop([...get(CO), ...i32(8), I.i32Add, ...get(COUT), I.i32LeU], [...tile(mr, 2), ...addConst(CO, 8)]),
    ...whileLoop([...get(CO), ...get(COUT), I.i32LtU], [...tile(mr, 1), ...addConst(CO, 4)]),
    ...addConst(CI, mr),
  ];
}

export function filterGradModuleBytes(): Uint8Array<ArrayBuffer> {
  // prettier-ignore
  const code = [
    ...get(COUT), ...i32(2), I.i32Shl, ...set(DY_COL_STEP),
    ...i32(0), ...set(CI),
    ...whileLoop([...get(CI), ...i32(4), I.i32Add, ...get(CIN), I.i32LeU], channelBlock(4)),
    ...whileLoop([...get(CI), ...get(CIN), I.i32LtU], channelBlock(1)),
  ];
  return oneFunctionModule({ params: Array<number>(10).fill(I32), results: [] }, [[I32_LOCALS, I32], [V128_LOCALS, V128]], code);
}
