import { topoOrder, type ElementwiseProgram, type Expr } from "./expr.js";

/**
 * Assembles a program into a WebAssembly SIMD module that works in place on an imported memory
 * (the tfjs wasm backend's heap): no copies in or out. Exports
 *   run(in0Ptr, in1Ptr, outPtr, vectors)   // processes 4 * vectors float32 elements
 * Only arithmetic, abs/neg/sqrt, min/max and select have SIMD instructions; programs using
 * exp/log/tanh are rejected (callers fall back to a JS loop over the same heap).
 */
export class UnsupportedInSimdError extends Error {}

const I32 = 0x7f;
const V128 = 0x7b;
const SIMD = 0xfd;
// SIMD opcodes (u32 LEB128 after the 0xfd prefix).
const OP = {
  load: 0x00,
  store: 0x0b,
  const: 0x0c,
  bitselect: 0x52,
  f32x4_gt: 0x44,
  f32x4_abs: 0xe0,
  f32x4_neg: 0xe1,
  f32x4_sqrt: 0xe3,
  f32x4_add: 0xe4,
  f32x4_sub: 0xe5,
  f32x4_mul: 0xe6,
  f32x4_div: 0xe7,
  // pmin/pmax (a < b ? ... ) compile to single minps/maxps; min/max would add NaN/-0 fix-ups.
  f32x4_pmin: 0xea,
  f32x4_pmax: 0xeb,
} as const;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const str = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const simd = (op: number): number[] => [SIMD, ...uleb(op)];

function splatConst(value: number): number[] {
  const bytes = new Uint8Array(new Float32Array([value, value, value, value]).buffer);
  return [...simd(OP.const), ...bytes];
}

/** The bytes of the module for `program`. */
export function simdModuleBytes(program: ElementwiseProgram): Uint8Array<ArrayBuffer> {
  const nodes = topoOrder([program.output]);
  // Params 0..3: in0, in1, out, vectors. Locals: 4 = byte offset, 5 = end, then one v128 per node.
  const OFFSET = 4;
  const END = 5;
  const local = new Map<number, number>();
  let nextLocal = 6;
  for (const e of nodes) if (e.kind !== "const") local.set(e.id, nextLocal++);
  const get = (e: Expr): number[] => (e.kind === "const" ? splatConst(e.value) : [0x20, ...uleb(local.get(e.id) as number)]);
  const set = (e: Expr): number[] => [0x21, ...uleb(local.get(e.id) as number)];

  const body: number[] = [];
  for (const e of nodes) {
    switch (e.kind) {
      case "input":
        // v128.load (in_k + offset), align 2^0: tfjs' allocations are not 16-byte aligned.
        body.push(0x20, e.index, 0x20, OFFSET, 0x6a, ...simd(OP.load), 0x00, 0x00, ...set(e));
        break;
      case "const":
        break;
      case "unary": {
        const op = { abs: OP.f32x4_abs, neg: OP.f32x4_neg, sqrt: OP.f32x4_sqrt }[e.op as "abs" | "neg" | "sqrt"];
        if (op === undefined) throw new UnsupportedInSimdError(`${e.op} has no WebAssembly SIMD instruction`);
        body.push(...get(e.a), ...simd(op), ...set(e));
        break;
      }
      case "binary": {
        const op = {
          add: OP.f32x4_add,
          sub: OP.f32x4_sub,
          mul: OP.f32x4_mul,
          div: OP.f32x4_div,
          min: OP.f32x4_pmin,
          max: OP.f32x4_pmax,
        }[e.op];
        // pmin(a, b) = b < a ? b : a; pmax(a, b) = a < b ? b : a.
        body.push(...get(e.a), ...get(e.b), ...simd(op), ...set(e));
        break;
      }
      case "select":
        // bitselect(then, otherwise, mask) with mask = cond > 0.
        body.push(...get(e.then), ...get(e.otherwise), ...get(e.cond), ...splatConst(0), ...simd(OP.f32x4_gt));
        body.push(...simd(OP.bitselect), ...set(e));
        break;
    }
  }
  const output = program.output;
  const code = [
    // block; if vectors == 0 break
    0x02, 0x40, 0x20, 3, 0x45, 0x0d, 0,
    // end = vectors << 4; offset = 0
    0x20, 3, 0x41, ...sleb(4), 0x74, 0x21, END, 0x41, 0, 0x21, OFFSET,
    0x03, 0x40, // loop
    ...body,
    // v128.store (out + offset) value
    0x20, 2, 0x20, OFFSET, 0x6a, ...get(output), ...simd(OP.store), 0x00, 0x00,
    // offset += 16; br_if loop (offset < end)
    0x20, OFFSET, 0x41, ...sleb(16), 0x6a, 0x22, OFFSET, 0x20, END, 0x49, 0x0d, 0,
    0x0b, // end loop
    0x0b, // end block
    0x0b, // end function
  ];
  const locals = [2, ...uleb(2), I32, ...uleb(nextLocal - 6), V128];
  const func = [...locals, ...code];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 4, I32, I32, I32, I32, 0]),
    ...section(2, [1, ...str("env"), ...str("memory"), 0x02, 0x00, 0x00]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...str("run"), 0x00, 0]),
    ...section(10, [1, ...uleb(func.length), ...func]),
  ]);
}

export type SimdKernel = (in0Ptr: number, in1Ptr: number, outPtr: number, vectors: number) => void;

/** Compiles and instantiates the module against `memory` (synchronous: the module is tiny). */
export function instantiateSimdKernel(program: ElementwiseProgram, memory: WebAssembly.Memory): SimdKernel {
  const module = new WebAssembly.Module(simdModuleBytes(program));
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports["run"] as SimdKernel;
}
