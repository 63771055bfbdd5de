// A direct convolution over a zero-padded NHWC input as one WebAssembly SIMD loop nest on the
// tfjs wasm heap, every shape constant baked into the module (one per conv shape, cached): the
// forward pass, and each stride phase of the input gradient, are this with their own filter.
// A tile of 4 output pixels x 8 output channels (8 accumulators) walks the k*k*Cin filter rows:
// per row 2 vector loads of the filter, 4 broadcast loads of the input, 8 multiply-adds
// (fused where V8 has relaxed SIMD: expr/multiply-add.ts). Wider tiles ran slower: V8 spills
// beyond ~11 live v128 locals.
import { I32, INSTR as I, localGet as get, localSet as set, oneFunctionModule, splatConst, V128, v128Load, v128Load32Splat, v128Store } from "../expr/wasm-encoding.js";
import { multiplyAdd } from "../expr/multiply-add.js";
import { addConst, countdown, i32, whileLoop } from "../expr/wasm-loops.js";

/** Every constant of one direct convolution; all pixel counts and steps are in pixels. */
export interface DirectConvShape {
  /** filter taps (rows, columns) */
  kh: number;
  kw: number;
  /** input pixels between neighbouring output pixels, both axes */
  stride: number;
  cin: number;
  /** a multiple of 4 */
  cout: number;
  /** the padded input's rows and columns */
  inRows: number;
  inCols: number;
  /** output positions computed per image */
  outRows: number;
  outCols: number;
  /** where they go in the output tensor: pixels between images, rows and columns */
  outImageStep: number;
  outRowStep: number;
  outColStep: number;
}

/** run(input, filter, output, images): byte addresses of the padded input, the filter [kh, kw, cin, cout] and the first output pixel. */
export type DirectConvRun = (input: number, filter: number, output: number, images: number) => void;

export const directConvKey = (s: DirectConvShape): string => Object.values(s).join(",");

// params, then i32 locals, then v128 locals
const [IN, FILTER, OUT, IMAGES] = [0, 1, 2, 3];
const [IN_IMAGE, OUT_IMAGE, IN_ROW, OUT_ROW, ROW, OX, CO, P, F, K] = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
const I32_LOCALS = 10;
const ACC = 14;
const W0 = ACC + 8;
const SPLAT = W0 + 2;
const V128_LOCALS = 11;

export function directConvModuleBytes(s: DirectConvShape): Uint8Array<ArrayBuffer> {
  const inPixel = s.cin * 4; // bytes per input pixel
  const outPixel = s.cout * 4;
  const filterRow = s.cout * 4;

  /** An mr x (4 nr) tile at output column OX and channel CO of the current row. */
  const tile = (mr: number, nr: number): number[] => {
    const acc = (m: number, j: number) => ACC + m * 2 + j;
    // one filter row: nr vectors of it, mr broadcast inputs
    const row = [
      ...Array.from({ length: nr }, (_, j) => [...get(F), ...v128Load(16 * j), ...set(W0 + j)]).flat(),
      ...Array.from({ length: mr }, (_, m) => [
        ...get(P), ...v128Load32Splat(m * s.stride * inPixel), ...set(SPLAT),
        ...Array.from({ length: nr }, (_, j) => [...multiplyAdd(get(acc(m, j)), get(SPLAT), get(W0 + j)), ...set(acc(m, j))]).flat(),
      ]).flat(),
      ...addConst(P, 4),
      ...addConst(F, filterRow),
    ];
    // the taps: P jumps to each tap's first channel, the filter rows follow one another
    const taps: number[] = [];
    for (let th = 0; th < s.kh; th++) {
      for (let tw = 0; tw < s.kw; tw++) {
        // p = inRow + (ox * stride + th * inCols + tw) * inPixel
        // prettier-ignore
        taps.push(
          ...get(OX), ...i32(s.stride * inPixel), I.i32Mul, ...get(IN_ROW), I.i32Add, ...i32((th * s.inCols + tw) * inPixel), I.i32Add, ...set(P),
          ...i32(s.cin), ...set(K), ...countdown(K, row),
        );
      }
    }
    // out = outRow + ox * outColStep * outPixel + co * 4
    // prettier-ignore
    const store = [
      ...get(OX), ...i32(s.outColStep * outPixel), I.i32Mul, ...get(OUT_ROW), I.i32Add, ...get(CO), ...i32(2), I.i32Shl, I.i32Add, ...set(P),
      ...Array.from({ length: mr * nr }, (_, t) => {
        const [m, j] = [Math.floor(t / nr), t % nr];
        return [...get(P), ...get(acc(m, j)), ...v128Store(m * s.outColStep * outPixel + 16 * j)];
      }).flat(),
    ];
    // prettier-ignore
    return [
      ...Array.from({ length: mr * nr }, (_, t) => [...splatConst(0), ...set(acc(Math.floor(t / nr), t % nr))]).flat(),
      ...get(FILTER), ...get(CO), ...i32(2), I.i32Shl, I.i32Add, ...set(F),
      ...taps,
      ...store,
    ];
  };

  /** Every output channel block of an mr-pixel column block. */
  const columnBlock = (mr: number): number[] => [
    ...i32(0), ...set(CO),
    ...whileLoop([...get(CO), ...i32(8), I.i32Add, ...i32(s.cout), I.i32LeU], [...tile(mr, 2), ...addConst(CO, 8)]),
    ...whileLoop([...get(CO), ...i32(s.cout), I.i32LtU], [...tile(mr, 1), ...addConst(CO, 4)]),
    ...addConst(OX, mr),
  ];

  // prettier-ignore
  const outputRow = [
    ...i32(0), ...set(OX),
    ...whileLoop([...get(OX), ...i32(4), I.i32Add, ...i32(s.outCols), I.i32LeU], columnBlock(4)),
    ...whileLoop([...get(OX), ...i32(s.outCols), I.i32LtU], columnBlock(1)),
    ...addConst(IN_ROW, s.stride * s.inCols * inPixel),
    ...addConst(OUT_ROW, s.outRowStep * outPixel),
  ];
  // prettier-ignore
  const image = [
    ...get(IN_IMAGE), ...set(IN_ROW), ...get(OUT_IMAGE), ...set(OUT_ROW),
    ...i32(s.outRows), ...set(ROW), ...countdown(ROW, outputRow),
    ...addConst(IN_IMAGE, s.inRows * s.inCols * inPixel),
    ...addConst(OUT_IMAGE, s.outImageStep * outPixel),
  ];
  // prettier-ignore
  const code = [
    ...get(IN), ...set(IN_IMAGE), ...get(OUT), ...set(OUT_IMAGE),
    ...(s.outRows > 0 && s.outCols > 0 ? [...get(IMAGES), I.i32Eqz, I.if, I.void, I.else, ...countdown(IMAGES, image), I.end] : []),
  ];
  return oneFunctionModule({ params: [I32, I32, I32, I32], results: [] }, [[I32_LOCALS, I32], [V128_LOCALS, V128]], code);
}
