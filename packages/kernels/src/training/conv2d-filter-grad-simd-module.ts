// The filter gradient of a 2-D convolution as one WebAssembly SIMD loop nest on the tfjs wasm
// heap, with no im2col matrix: dW[ci, co] += sum over pixels of x[pixel, ci] * dy[pixel, co], for
// one image and one filter tap (kh, kw) per call. The image's rows go in blocks small enough to
// stay in L1; over a block, each 4 x 8 tile of dW (8 accumulators, loaded and stored once per
// block) takes per pixel 2 vector loads of dy, 4 broadcast loads of x, 8 multiply-adds (expr/multiply-add.ts).
// (It replaced a JS im2col pass plus a matMul with K = B*H*W.)
import { I32, INSTR as I, localGet as get, localSet as set, V128, v128Load, v128Load32Splat, v128Store, oneFunctionModule } from "../expr/wasm-encoding.js";
import { multiplyAdd } from "../expr/multiply-add.js";
import { addConst, addLocal, countdown, i32, whileLoop } from "../expr/wasm-loops.js";

/**
 * run(x, dy, dw, rows, cols, xRowStep, xColStep, dyRowStep, cin, cout, blockRows): byte addresses
 * of the first valid input pixel (channel 0), its dy pixel and dW[kh, kw, 0, 0]; rows x cols
 * valid output pixels (both >= 1); the byte steps between output rows in x and dy and between
 * output columns in x (stride * cin * 4); rows per L1 block. Adds into dw; needs cout % 4 == 0
 * (any cin).
 */
export type FilterGradRun = (x: number, dy: number, dw: number, rows: number, cols: number, xRowStep: number, xColStep: number, dyRowStep: number, cin: number, cout: number, blockRows: number) => void;

/** Rows per block: the block's x and dy rows within ~16 KiB (half of L1). */
export function filterGradBlockRows(cols: number, cin: number, cout: number): number {
  return Math.max(1, Math.floor(16384 / (cols * (cin + cout) * 4)));
}

// params
const [X, DY, DW, ROWS, COLS, X_ROW_STEP, X_COL_STEP, DY_ROW_STEP, CIN, COUT, BLOCK_ROWS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
// i32 locals
const [CI, CO, R, C, XP, DP, XROW, DYROW, DY_COL_STEP, T, LEFT, RB, XBLOCK, DYBLOCK] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];
const I32_LOCALS = 14;
// v128 locals: 8 accumulators (acc[m * 2 + j]), 2 dy vectors, 1 broadcast x
const ACC = 25;
const D = ACC + 8;
const SPLAT = D + 2;
const V128_LOCALS = 11;

/** One mr x (4 nr) tile of dW at (ci, co): load it, accumulate over the block's pixels, store it. */
function tile(mr: number, nr: number): number[] {
  const acc = (m: number, j: number) => ACC + m * 2 + j;
  const pixel = [
    ...Array.from({ length: nr }, (_, j) => [...get(DP), ...v128Load(16 * j), ...set(D + j)]).flat(),
    ...Array.from({ length: mr }, (_, m) => [
      ...get(XP), ...v128Load32Splat(4 * m), ...set(SPLAT),
      ...Array.from({ length: nr }, (_, j) => [...multiplyAdd(get(acc(m, j)), get(SPLAT), get(D + j)), ...set(acc(m, j))]).flat(),
    ]).flat(),
    ...addLocal(XP, X_COL_STEP),
    ...addLocal(DP, DY_COL_STEP),
  ];
  const row = [...get(XROW), ...set(XP), ...get(DYROW), ...set(DP), ...get(COLS), ...set(C), ...countdown(C, pixel), ...addLocal(XROW, X_ROW_STEP), ...addLocal(DYROW, DY_ROW_STEP)];
  // t = dw + (ci * cout + co) * 4: the tile's first element; row m is m * cout * 4 further
  const address = [...get(CI), ...get(COUT), I.i32Mul, ...get(CO), I.i32Add, ...i32(2), I.i32Shl, ...get(DW), I.i32Add, ...set(T)];
  const eachElement = (code: (m: number, j: number) => number[]) =>
    Array.from({ length: mr }, (_, m) => [...Array.from({ length: nr }, (_, j) => code(m, j)).flat(), ...addLocal(T, DY_COL_STEP)]).flat();
  // prettier-ignore
  return [
    ...address, ...eachElement((m, j) => [...get(T), ...v128Load(16 * j), ...set(acc(m, j))]),
    // xrow = block + ci * 4; dyrow = block + co * 4
    ...get(XBLOCK), ...get(CI), ...i32(2), I.i32Shl, I.i32Add, ...set(XROW),
    ...get(DYBLOCK), ...get(CO), ...i32(2), I.i32Shl, I.i32Add, ...set(DYROW),
    ...get(RB), ...set(R), ...countdown(R, row),
    ...address, ...eachElement((m, j) => [...get(T), ...get(acc(m, j)), ...v128Store(16 * j)]),
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
  const rowBlock = [
    // rb = min(left, blockRows)
    ...get(LEFT), ...get(BLOCK_ROWS), ...get(LEFT), ...get(BLOCK_ROWS), I.i32LtU, I.select, ...set(RB),
    ...i32(0), ...set(CI),
    ...whileLoop([...get(CI), ...i32(4), I.i32Add, ...get(CIN), I.i32LeU], channelBlock(4)),
    // the last 1-3 channels as one block (each of these loops runs at most once): x is loaded once per pixel
    ...whileLoop([...get(CI), ...i32(3), I.i32Add, ...get(CIN), I.i32LeU], channelBlock(3)),
    ...whileLoop([...get(CI), ...i32(2), I.i32Add, ...get(CIN), I.i32LeU], channelBlock(2)),
    ...whileLoop([...get(CI), ...get(CIN), I.i32LtU], channelBlock(1)),
    ...get(XBLOCK), ...get(RB), ...get(X_ROW_STEP), I.i32Mul, I.i32Add, ...set(XBLOCK),
    ...get(DYBLOCK), ...get(RB), ...get(DY_ROW_STEP), I.i32Mul, I.i32Add, ...set(DYBLOCK),
    ...get(LEFT), ...get(RB), I.i32Sub, ...set(LEFT),
  ];
  // prettier-ignore
  const code = [
    ...get(COUT), ...i32(2), I.i32Shl, ...set(DY_COL_STEP),
    ...get(X), ...set(XBLOCK), ...get(DY), ...set(DYBLOCK), ...get(ROWS), ...set(LEFT),
    ...whileLoop([...get(LEFT), I.i32Eqz, I.i32Eqz], rowBlock),
  ];
  return oneFunctionModule({ params: Array<number>(11).fill(I32), results: [] }, [[I32_LOCALS, I32], [V128_LOCALS, V128]], code);
}
