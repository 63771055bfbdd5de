// One generator for the per-channel passes of batch norm on the tfjs wasm heap: every pass walks
// an NHWC tensor [pixels, C] and either sums something per channel or writes an elementwise
// result with per-channel coefficients, so one loop nest (SIMD over channels) serves them all.
import { I32, INSTR as I, localGet as get, localSet as set, oneFunctionModule, simd, SIMD_OP as S, splatConst, V128, v128Load, v128Store } from "../expr/wasm-encoding.js";
import { addConst, countdown, i32, whileLoop } from "../expr/wasm-loops.js";

/** What one pass reads, sums and writes, and its per-vector arithmetic. */
export interface PerChannelProgram {
  /** [pixels, C] tensors read at every pixel */
  pixelInputs: number;
  /** [C] vectors (mean, scale...) read once per channel group */
  channelInputs: number;
  /** per-channel sums, added into [C] outputs at the end */
  sums: number;
  /** writes a [pixels, C] output */
  writesPixels: boolean;
  /** channel vectors per group: 4 for light passes; fewer where many channel inputs would spill registers */
  groupVectors: number;
  /**
   * The code for one 4-channel vector of one pixel. `pixel(i)` / `channel(j)` push input vectors;
   * `sum(k)` is the local of accumulator k. Leaves the output vector on the stack if writesPixels.
   */
  body(pixel: (i: number) => number[], channel: (j: number) => number[], sum: (k: number) => number, temp: (t: number) => number): number[];
}

const TEMPS = 2;

/**
 * run(pixelInputs..., channelInputs..., sumOutputs..., [pixelOutput], pixels, channels): byte
 * addresses; channels % 4 == 0, pixels >= 1. Sums are added into their outputs (zero them first).
 */
export function perChannelModuleBytes(p: PerChannelProgram): Uint8Array<ArrayBuffer> {
  const outputs = p.writesPixels ? 1 : 0;
  const pointerParams = p.pixelInputs + p.channelInputs + p.sums + outputs;
  const [PIXELS, CHANNELS] = [pointerParams, pointerParams + 1];
  const params = pointerParams + 2;
  // i32 locals: group byte offset, pixel countdown, row step (C * 4), a cursor per pixel tensor
  const [G, N, STEP] = [params, params + 1, params + 2];
  const cursor = (i: number) => params + 3 + i; // pixel inputs, then the output
  const i32Locals = 3 + p.pixelInputs + outputs;
  const firstV128 = params + i32Locals;
  const nv = p.groupVectors;
  const channelLocal = (j: number, v: number) => firstV128 + j * nv + v;
  const sumLocal = (k: number, v: number) => firstV128 + p.channelInputs * nv + k * nv + v;
  const tempLocal = (t: number) => firstV128 + (p.channelInputs + p.sums) * nv + t;
  const v128Locals = (p.channelInputs + p.sums) * nv + TEMPS;

  const pixelTensors = p.pixelInputs + outputs;
  const pixelParam = (i: number) => (i < p.pixelInputs ? i : p.pixelInputs + p.channelInputs + p.sums);
  /** A group of `vectors` channel vectors starting at byte offset G. */
  const group = (vectors: number): number[] => {
    const perVector = (v: number) => {
      const code = p.body(
        (i) => [...get(cursor(i)), ...v128Load(16 * v)],
        (j) => get(channelLocal(j, v)),
        (k) => sumLocal(k, v),
        tempLocal,
      );
      return p.writesPixels ? [...get(cursor(p.pixelInputs)), ...code, ...v128Store(16 * v)] : code;
    };
    // prettier-ignore
    return [
      ...Array.from({ length: p.channelInputs * vectors }, (_, t) => {
        const [j, v] = [Math.floor(t / vectors), t % vectors];
        return [...get(p.pixelInputs + j), ...get(G), I.i32Add, ...v128Load(16 * v), ...set(channelLocal(j, v))];
      }).flat(),
      ...Array.from({ length: p.sums * vectors }, (_, t) => [...splatConst(0), ...set(sumLocal(Math.floor(t / vectors), t % vectors))]).flat(),
      ...Array.from({ length: pixelTensors }, (_, i) => [...get(pixelParam(i)), ...get(G), I.i32Add, ...set(cursor(i))]).flat(),
      ...get(PIXELS), ...set(N),
      ...countdown(N, [
        ...Array.from({ length: vectors }, (_, v) => perVector(v)).flat(),
        ...Array.from({ length: pixelTensors }, (_, i) => [...get(cursor(i)), ...get(STEP), I.i32Add, ...set(cursor(i))]).flat(),
      ]),
      // sumOutput_k[group] += acc
      ...Array.from({ length: p.sums * vectors }, (_, t) => {
        const [k, v] = [Math.floor(t / vectors), t % vectors];
        const out = [...get(p.pixelInputs + p.channelInputs + k), ...get(G), I.i32Add];
        return [...out, ...out, ...v128Load(16 * v), ...get(sumLocal(k, v)), ...simd(S.f32x4Add), ...v128Store(16 * v)];
      }).flat(),
      ...addConst(G, 16 * vectors),
    ];
  };
  // prettier-ignore
  const code = [
    ...get(CHANNELS), ...i32(2), I.i32Shl, ...set(STEP),
    ...i32(0), ...set(G),
    ...whileLoop([...get(G), ...i32(16 * nv), I.i32Add, ...get(STEP), I.i32LeU], group(nv)),
    ...whileLoop([...get(G), ...get(STEP), I.i32LtU], group(1)),
  ];
  return oneFunctionModule({ params: Array<number>(params).fill(I32), results: [] }, [[i32Locals, I32], [v128Locals, V128]], code);
}
