// 2x2 / stride-2 max pooling and its gradient as WebAssembly SIMD loops on the tfjs wasm heap, the
// shape baked in (one module per shape and direction, cached). The gradient routes dy to each
// window's first maximum with comparison masks, no branches: as a JS loop it was ~10% of a small
// CNN's step.
import { I32, INSTR as I, localGet as get, localSet as set, oneFunctionModule, simd, SIMD_OP as S, V128, v128Load, v128Store } from "../expr/wasm-encoding.js";
import { addConst, countdown, i32 } from "../expr/wasm-loops.js";

export interface MaxPoolShape {
  h: number;
  w: number;
  /** a multiple of 4 */
  c: number;
  direction: "forward" | "backward";
}

/** forward run(x, y, images); backward run(x, dy, dx, images): byte addresses. */
export type MaxPoolRun = (...pointersThenImages: number[]) => void;

export const maxPoolKey = (s: MaxPoolShape): string => `${s.h},${s.w},${s.c},${s.direction}`;

export function maxPoolModuleBytes(s: MaxPoolShape): Uint8Array<ArrayBuffer> {
  const backward = s.direction === "backward";
  const [X, OUT_OR_DY, DX] = [0, 1, 2];
  const IMAGES = backward ? 3 : 2;
  const params = IMAGES + 1;
  // i32 locals: window pointer (x, and dx), output pointer (y or dy), counters
  const [XP, OP, DP, ROWS, COLS, VECS, XROW, OROW] = Array.from({ length: 8 }, (_, i) => params + i) as number[] as [number, number, number, number, number, number, number, number];
  const [A, B, C, D, M, GB, GC, GD, G] = Array.from({ length: 9 }, (_, i) => params + 8 + i) as number[] as [number, number, number, number, number, number, number, number, number];
  const [ho, wo] = [Math.floor(s.h / 2), Math.floor(s.w / 2)];
  const px = s.c * 4; // bytes per pixel
  const rowBytes = s.w * px;
  const [max, gt, and, andNot, or] = [simd(S.f32x4Pmax), simd(S.f32x4Gt), simd(S.v128And), simd(S.v128AndNot), simd(S.v128Or)];
  // the four window elements of one channel vector
  const load4 = [...get(XP), ...v128Load(0), ...set(A), ...get(XP), ...v128Load(px), ...set(B), ...get(XP), ...v128Load(rowBytes), ...set(C), ...get(XP), ...v128Load(rowBytes + px), ...set(D)];
  // prettier-ignore
  const vector = backward
    ? [
        ...load4,
        // b > a, c > max(a, b), d > max(a, b, c): the later element wins only if strictly greater
        ...get(B), ...get(A), ...gt, ...set(GB),
        ...get(A), ...get(B), ...max, ...set(M),
        ...get(C), ...get(M), ...gt, ...set(GC),
        ...get(M), ...get(C), ...max, ...set(M),
        ...get(D), ...get(M), ...gt, ...set(GD),
        ...get(OP), ...v128Load(0), ...set(G),
        ...get(DP), ...get(G), ...get(GD), ...and, ...v128Store(rowBytes + px),
        ...get(DP), ...get(G), ...get(GC), ...and, ...get(GD), ...andNot, ...v128Store(rowBytes),
        ...get(DP), ...get(G), ...get(GB), ...and, ...get(GC), ...andNot, ...get(GD), ...andNot, ...v128Store(px),
        ...get(DP), ...get(G), ...get(GB), ...get(GC), ...or, ...get(GD), ...or, ...andNot, ...v128Store(0),
      ]
    : [...load4, ...get(OP), ...get(A), ...get(B), ...max, ...get(C), ...max, ...get(D), ...max, ...v128Store(0)];
  const step = [...addConst(XP, 16), ...addConst(OP, 16), ...(backward ? addConst(DP, 16) : [])];
  // prettier-ignore
  const code = ho > 0 && wo > 0 ? [
    ...get(X), ...set(XROW), ...get(OUT_OR_DY), ...set(OROW),
    ...countdown(IMAGES, [
      ...i32(ho), ...set(ROWS),
      ...countdown(ROWS, [
        ...get(XROW), ...set(XP), ...get(OROW), ...set(OP),
        ...(backward ? [...get(XROW), ...get(X), I.i32Sub, ...get(DX), I.i32Add, ...set(DP)] : []),
        ...i32(wo), ...set(COLS),
        ...countdown(COLS, [
          ...i32(s.c / 4), ...set(VECS),
          ...countdown(VECS, [...vector, ...step]),
          // next window: one pixel further (the vectors already moved one)
          ...addConst(XP, px),
          ...(backward ? addConst(DP, px) : []),
        ]),
        ...addConst(XROW, 2 * rowBytes),
        ...addConst(OROW, wo * px),
      ]),
      // an odd last row belongs to no window
      ...addConst(XROW, (s.h - 2 * ho) * rowBytes),
    ]),
  ] : [];
  return oneFunctionModule({ params: Array<number>(params).fill(I32), results: [] }, [[8, I32], [9, V128]], code);
}
