// The Adam/AdamW update as one WebAssembly SIMD loop on the tfjs wasm heap, 4 weights at a time.
// As a JS loop it took ~29% of an MLP training step on wasm (12 ns per weight: scalar sqrt and
// division, plus a copy of the result into the heap); as SIMD the MLP trains 34% faster (11,483 ->
// 15,361 samples/s, `npm run bench:train -- --benchmark fashion-mnist-mlp --epochs 1`).
import * as W from "../expr/wasm-encoding.js";

// prettier-ignore
export type AdamSimdRun = (g: number, w: number, m: number, v: number, out: number, vectors: number,
  b1: number, omb1: number, b2: number, omb2: number, stepLr: number, bc2: number, eps: number, l2: number, decoupled: number) => number;

/** run(g, w, m, v, out, vectors, b1, 1-b1, b2, 1-b2, stepLr, bc2, eps, l2, decoupled) -> sum of g^2 over the vectors. */
export function adamModuleBytes(): Uint8Array<ArrayBuffer> {
  const { I32, F32, V128, INSTR: I, SIMD_OP: S, simd: op, sleb, uleb, localGet: get, localSet: set, v128Load: load, v128Store: store } = W;
  // params: g, w, m, v, out (pointers), vectors, then 9 scalars; locals: offset, end, acc, the
  // scalars splatted to v128, and the loop's temporaries
  const [G, Wt, M, V, OUT, VECTORS, FIRST_SCALAR, SCALARS] = [0, 1, 2, 3, 4, 5, 6, 9] as const;
  const [OFFSET, END, ACC, FIRST_SPLAT] = [15, 16, 17, 18] as const;
  const splat = (k: number) => FIRST_SPLAT + k;
  const [B1, OMB1, B2, OMB2, STEP_LR, BC2, EPS, L2, DECOUPLED] = [0, 1, 2, 3, 4, 5, 6, 7, 8].map(splat) as [number, number, number, number, number, number, number, number, number];
  const [GI0, WI, GI, MI, VI] = [27, 28, 29, 30, 31] as const;
  const at = (ptr: number) => [...get(ptr), ...get(OFFSET), I.i32Add];
  const [mul, add, sub, div, sqrt] = [S.f32x4Mul, S.f32x4Add, S.f32x4Sub, S.f32x4Div, S.f32x4Sqrt].map((o) => op(o));
  // prettier-ignore
  const code = [
    I.block, I.void,
    ...get(VECTORS), I.i32Eqz, I.brIf, 0,
    ...get(VECTORS), I.i32Const, ...sleb(4), I.i32Shl, ...set(END),
    ...Array.from({ length: SCALARS }, (_, k) => [...get(FIRST_SCALAR + k), ...op(S.f32x4Splat), ...set(splat(k))]).flat(),
    I.loop, I.void,
    // gi0 = g; acc += gi0 * gi0; wi = w; gi = gi0 + l2 * wi
    ...at(G), ...load(), ...set(GI0),
    ...get(ACC), ...get(GI0), ...get(GI0), ...mul!, ...add!, ...set(ACC),
    ...at(Wt), ...load(), ...set(WI),
    ...get(GI0), ...get(L2), ...get(WI), ...mul!, ...add!, ...set(GI),
    // mi = b1 * m + (1 - b1) * gi; vi = b2 * v + (1 - b2) * gi * gi; both stored in place
    ...get(B1), ...at(M), ...load(), ...mul!, ...get(OMB1), ...get(GI), ...mul!, ...add!, ...set(MI),
    ...get(B2), ...at(V), ...load(), ...mul!, ...get(OMB2), ...get(GI), ...mul!, ...get(GI), ...mul!, ...add!, ...set(VI),
    ...at(M), ...get(MI), ...store(),
    ...at(V), ...get(VI), ...store(),
    // out = wi * decoupled - stepLr * mi / (sqrt(vi / bc2) + eps)
    ...at(OUT),
    ...get(WI), ...get(DECOUPLED), ...mul!,
    ...get(STEP_LR), ...get(MI), ...mul!,
    ...get(VI), ...get(BC2), ...div!, ...sqrt!, ...get(EPS), ...add!,
    ...div!, ...sub!, ...store(),
    // offset += 16; loop while offset < end
    ...get(OFFSET), I.i32Const, ...sleb(16), I.i32Add, I.localTee, ...uleb(OFFSET), ...get(END), I.i32LtU, I.brIf, 0,
    I.end, // loop
    I.end, // block
    // the sum of acc's four lanes
    ...[0, 1, 2, 3].flatMap((lane) => [...get(ACC), ...op(S.f32x4ExtractLane), lane, ...(lane > 0 ? [I.f32Add] : [])]),
  ];
  const signature = { params: [I32, I32, I32, I32, I32, I32, ...Array<number>(SCALARS).fill(F32)], results: [F32] };
  return W.oneFunctionModule(signature, [[2, I32], [15, V128]], code);
}
