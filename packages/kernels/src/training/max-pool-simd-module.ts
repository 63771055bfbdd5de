// 2x2 / stride-2 max pooling and its gradient as WebAssembly SIMD loops on the tfjs wasm heap, the
// shape baked in (one module per shape and direction, cached). The forward loop finds each window's
// first maximum with comparison masks (no branches) and keeps which element won as three 4-bit
// lane masks in 16 bits per channel vector (bits 0-3: b beat a, 4-7: c beat both, 8-11: d beat all
// three); the gradient rebuilds the masks from those bits and routes dy with them, never reading x.
import { I32, INSTR as I, localGet as get, localSet as set, oneFunctionModule, simd, SIMD_OP as S, V128, v128Load, v128Store } from "../expr/wasm-encoding.js";
import { addConst, countdown, i32 } from "../expr/wasm-loops.js";

export interface MaxPoolShape {
  h: number;
  w: number;
  /** a multiple of 4 */
  c: number;
  direction: "forward" | "backward";
}

/** forward run(x, y, mask, images); backward run(mask, dy, dx, images): byte addresses. */
export type MaxPoolRun = (a: number, b: number, c: number, images: number) => void;

export const maxPoolKey = (s: MaxPoolShape): string => `${s.h},${s.w},${s.c},${s.direction}`;

/** The mask's bytes per channel vector of one window. */
export const MAX_POOL_MASK_BYTES_PER_VECTOR = 2;

export function maxPoolModuleBytes(s: MaxPoolShape): Uint8Array<ArrayBuffer> {
  const backward = s.direction === "backward";
  // forward (x, y, mask, images); backward (mask, dy, dx, images): the window side (x or dx) and the pooled side (y or dy)
  const [WINDOWS, POOLED, MASK, IMAGES] = backward ? [2, 1, 0, 3] : [0, 1, 2, 3];
  const params = 4;
  // i32 locals: window pointer (x or dx), pooled pointer (y or dy), mask pointer, counters, bits
  const [WP, PP, MP, ROWS, COLS, VECS, WROW, PROW, BITS] = Array.from({ length: 9 }, (_, i) => params + i) as [number, number, number, number, number, number, number, number, number];
  const [A, B, C, D, M, GB, GC, GD, G, LANES] = Array.from({ length: 10 }, (_, i) => params + 9 + i) as [number, number, number, number, number, number, number, number, number, number];
  const [ho, wo] = [Math.floor(s.h / 2), Math.floor(s.w / 2)];
  const px = s.c * 4; // bytes per pixel
  const rowBytes = s.w * px;
  const [max, gt, and, andNot, or] = [simd(S.f32x4Pmax), simd(S.f32x4Gt), simd(S.v128And), simd(S.v128AndNot), simd(S.v128Or)];
  const bitmask = simd(S.i32x4Bitmask);
  // a lane mask from 4 bits of BITS (shifted down by `shift`): lane j all ones where bit j is set
  const laneMask = (shift: number) => [...get(BITS), ...i32(shift), I.i32ShrU, ...simd(S.i32x4Splat), ...get(LANES), ...and, ...get(LANES), ...simd(S.i32x4Eq)];
  // prettier-ignore
  const vector = backward
    ? [
        ...get(MP), I.i32Load16U, 0x00, 0x00, ...set(BITS),
        ...laneMask(0), ...set(GB), ...laneMask(4), ...set(GC), ...laneMask(8), ...set(GD),
        ...get(PP), ...v128Load(0), ...set(G),
        ...get(WP), ...get(G), ...get(GD), ...and, ...v128Store(rowBytes + px),
        ...get(WP), ...get(G), ...get(GC), ...and, ...get(GD), ...andNot, ...v128Store(rowBytes),
        ...get(WP), ...get(G), ...get(GB), ...and, ...get(GC), ...andNot, ...get(GD), ...andNot, ...v128Store(px),
        ...get(WP), ...get(G), ...get(GB), ...get(GC), ...or, ...get(GD), ...or, ...andNot, ...v128Store(0),
      ]
    : [
        ...get(WP), ...v128Load(0), ...set(A), ...get(WP), ...v128Load(px), ...set(B),
        ...get(WP), ...v128Load(rowBytes), ...set(C), ...get(WP), ...v128Load(rowBytes + px), ...set(D),
        // b > a, c > max(a, b), d > max(a, b, c): a later element wins only if strictly greater
        ...get(B), ...get(A), ...gt, ...set(GB),
        ...get(A), ...get(B), ...max, ...set(M),
        ...get(C), ...get(M), ...gt, ...set(GC),
        ...get(M), ...get(C), ...max, ...set(M),
        ...get(D), ...get(M), ...gt, ...set(GD),
        ...get(PP), ...get(M), ...get(D), ...max, ...v128Store(0),
        ...get(MP),
        ...get(GB), ...bitmask, ...get(GC), ...bitmask, ...i32(4), I.i32Shl, I.i32Or, ...get(GD), ...bitmask, ...i32(8), I.i32Shl, I.i32Or,
        I.i32Store16, 0x00, 0x00,
      ];
  const step = [...addConst(WP, 16), ...addConst(PP, 16), ...addConst(MP, MAX_POOL_MASK_BYTES_PER_VECTOR)];
  // lanes 1, 2, 4, 8 (one bit each), once
  const lanes = [...simd(S.const), ...new Uint8Array(Int32Array.of(1, 2, 4, 8).buffer), ...set(LANES)];
  // prettier-ignore
  const code = ho > 0 && wo > 0 ? [
    ...lanes,
    ...get(WINDOWS), ...set(WROW), ...get(POOLED), ...set(PROW), ...get(MASK), ...set(MP),
    ...countdown(IMAGES, [
      ...i32(ho), ...set(ROWS),
      ...countdown(ROWS, [
        ...get(WROW), ...set(WP), ...get(PROW), ...set(PP),
        ...i32(wo), ...set(COLS),
        ...countdown(COLS, [
          ...i32(s.c / 4), ...set(VECS),
          ...countdown(VECS, [...vector, ...step]),
          // next window: one pixel further (the vectors already moved one)
          ...addConst(WP, px),
        ]),
        ...addConst(WROW, 2 * rowBytes),
        ...addConst(PROW, wo * px),
      ]),
      // an odd last row belongs to no window
      ...addConst(WROW, (s.h - 2 * ho) * rowBytes),
    ]),
  ] : [];
  return oneFunctionModule({ params: Array<number>(params).fill(I32), results: [] }, [[9, I32], [10, V128]], code);
}
