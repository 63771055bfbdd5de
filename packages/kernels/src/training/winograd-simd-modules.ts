// Winograd's F(2x2, 3x3) convolution (Lavin & Gray 2016, "Fast Algorithms for Convolutional
// Neural Networks"): a 3x3 stride-1 convolution as 16 matrix products over 2x2 output tiles, 16
// multiplies per tile and channel pair where the direct convolution does 36. This file holds its
// three data transforms as WebAssembly SIMD loops on the tfjs wasm heap, four channels at a time
// (NHWC keeps a pixel's channels contiguous), every shape constant baked in:
//   input:  V[p][tile][c] = (B^T d B)[p] over each tile's 4x4 input patch d, per channel c;
//   output: Y = A^T M A over the 16 products M[p][tile][c], one 2x2 output tile per tile;
//   gradient: D[p][tile][c] = (A dy A^T)[p] over each tile's 2x2 of the output gradient dy, the
//   filter gradient's counterpart of U (dW = G^T [sum over tiles of V (.) D] G).
// The filter transforms (U = G g G^T, and G^T M G for the filter gradient) are in winograd.ts.
import { I32, localGet as get, localSet as set, oneFunctionModule, simd, SIMD_OP as S, V128, v128Load, v128Store } from "../expr/wasm-encoding.js";
import { addConst, countdown, i32 } from "../expr/wasm-loops.js";

/** The constants of one block of tile rows, for the input or the output side. */
export interface WinogradBlockShape {
  /** channels (multiple of 4): cin for the input transform, cout for the output transform */
  channels: number;
  /** pixels per row of the tensor read (input: the padded input) or written (output) */
  cols: number;
  /** 2x2 tiles per tile row */
  tilesPerRow: number;
  /** bytes between transform positions p and p + 1 in V or M: (tiles of a full block) * channels * 4 */
  positionStep: number;
}

/** run(source, destination, tileRows): byte addresses; tileRows of the block (>= 1). */
export type WinogradTransformRun = (source: number, destination: number, tileRows: number) => void;

export const winogradBlockKey = (side: "input" | "output" | "gradient", s: WinogradBlockShape): string => `${side},${s.channels},${s.cols},${s.tilesPerRow},${s.positionStep}`;

// B^T and (for the output) A^T as rows of "first op second" over a 4-vector: each transform row is
// a sum or difference of two entries (input), or of three (output).
/** Row r of B^T d: d[a] + sign * d[b]. */
const B_T: Array<[number, number, 1 | -1]> = [
  [0, 2, -1],
  [1, 2, 1],
  [2, 1, -1],
  [1, 3, -1],
];

// params
const [SRC, DST, ROWS] = [0, 1, 2];
// i32 locals
const [TX, C, P, Q] = [3, 4, 5, 6];
const I32_LOCALS = 4;
// v128 locals: one transformed row of 4
const T0 = 7;
const V128_LOCALS = 4;

const combine = (sign: 1 | -1) => simd(sign > 0 ? S.f32x4Add : S.f32x4Sub);

/**
 * The module every transform is: tile rows, the tiles of a row, four channels at a time. The image
 * side (`source` for the input and gradient transforms, `destination` for the output transform)
 * moves two pixels a tile and two pixel rows a tile row; the transform side (V, M or D) one
 * vector after another. `vector` reads through P and writes through Q.
 */
function transformModule(s: WinogradBlockShape, imageSide: "source" | "destination", vector: number[]): Uint8Array<ArrayBuffer> {
  const pixel = s.channels * 4;
  const [image, imagePointer, packed, packedPointer] = imageSide === "source" ? [SRC, P, DST, Q] : [DST, Q, SRC, P];
  // prettier-ignore
  const code = [
    ...get(packed), ...set(packedPointer),
    ...countdown(ROWS, [
      ...get(image), ...set(imagePointer),
      ...i32(s.tilesPerRow), ...set(TX),
      ...countdown(TX, [
        ...i32(s.channels / 4), ...set(C),
        ...countdown(C, [...vector, ...addConst(P, 16), ...addConst(Q, 16)]),
        // the channel loop moved the image side one pixel on; the next tile starts two pixels on
        ...addConst(imagePointer, pixel),
      ]),
      // the next tile row: two pixel rows down
      ...addConst(image, 2 * s.cols * pixel),
    ]),
  ];
  return oneFunctionModule({ params: [I32, I32, I32], results: [] }, [[I32_LOCALS, I32], [V128_LOCALS, V128]], code);
}

/** The input transform over a block of tile rows starting at `source` (the patch of its first tile). */
export function winogradInputModuleBytes(s: WinogradBlockShape): Uint8Array<ArrayBuffer> {
  const pixel = s.channels * 4;
  const at = (row: number, col: number) => (row * s.cols + col) * pixel;
  // one 4-channel vector of one tile: for each row i of B^T d, its 4 entries, then that row times B
  const vector = B_T.flatMap(([a, b, sign], i) => [
    ...[0, 1, 2, 3].flatMap((j) => [...get(P), ...v128Load(at(a, j)), ...get(P), ...v128Load(at(b, j)), ...combine(sign), ...set(T0 + j)]),
    ...B_T.flatMap(([ja, jb, jsign], j) => [...get(Q), ...get(T0 + ja), ...get(T0 + jb), ...combine(jsign), ...v128Store((i * 4 + j) * s.positionStep)]),
  ]);
  return transformModule(s, "source", vector);
}

/** The output transform of a block: M (its 16 products) to the 2x2 output tiles from `destination` on. */
export function winogradOutputModuleBytes(s: WinogradBlockShape): Uint8Array<ArrayBuffer> {
  const pixel = s.channels * 4;
  const m = (i: number, j: number) => [...get(P), ...v128Load((i * 4 + j) * s.positionStep)];
  // A^T = [[1, 1, 1, 0], [0, 1, -1, -1]]: row 0 sums entries 0..2, row 1 is e1 - e2 - e3
  const row0 = (e: (k: number) => number[]) => [...e(0), ...e(1), ...simd(S.f32x4Add), ...e(2), ...simd(S.f32x4Add)];
  const row1 = (e: (k: number) => number[]) => [...e(1), ...e(2), ...simd(S.f32x4Sub), ...e(3), ...simd(S.f32x4Sub)];
  const vector = [row0, row1].flatMap((outRow, r) => [
    ...[0, 1, 2, 3].flatMap((j) => [...outRow((i) => m(i, j)), ...set(T0 + j)]),
    ...[...get(Q), ...row0((k) => get(T0 + k)), ...v128Store(r * s.cols * pixel)],
    ...[...get(Q), ...row1((k) => get(T0 + k)), ...v128Store((r * s.cols + 1) * pixel)],
  ]);
  return transformModule(s, "destination", vector);
}

/** The output gradient's transform of a block: each tile's 2x2 of dy (from `source` on) to D's 16 positions. */
export function winogradGradientModuleBytes(s: WinogradBlockShape): Uint8Array<ArrayBuffer> {
  const pixel = s.channels * 4;
  const y = (r: number, c: number) => [...get(P), ...v128Load((r * s.cols + c) * pixel)];
  // A = [[1, 0], [1, 1], [1, -1], [0, -1]]: entry i of A e for a pair e = (e0, e1)
  const aRow = (i: number, e: (k: number) => number[]) =>
    [e(0), [...e(0), ...e(1), ...simd(S.f32x4Add)], [...e(0), ...e(1), ...simd(S.f32x4Sub)], [...e(1), ...simd(S.f32x4Neg)]][i]!;
  const vector = [0, 1, 2, 3].flatMap((i) => [
    ...[0, 1].flatMap((c) => [...aRow(i, (r) => y(r, c)), ...set(T0 + c)]),
    ...[0, 1, 2, 3].flatMap((j) => [...get(Q), ...aRow(j, (k) => get(T0 + k)), ...v128Store((i * 4 + j) * s.positionStep)]),
  ]);
  return transformModule(s, "source", vector);
}
