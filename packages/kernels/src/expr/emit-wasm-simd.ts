import { topoOrder, type ElementwiseProgram, type Expr } from "./expr.js";
import { lowerTanhAndLog1p } from "./lower-tanh-log1p.js";
import { simdExp, simdLog } from "./simd-exp-log.js";
import { I32, oneFunctionModule, SIMD_OP as OP, simd, sleb, splatConst, uleb, V128 } from "./wasm-encoding.js";

/**
 * Assembles a program into a WebAssembly SIMD module that works in place on an imported memory
 * (the tfjs wasm backend's heap): no copies in or out. Exports
 *   run(in0Ptr, in1Ptr, outPtr, vectors)   // processes 4 * vectors float32 elements
 * exp and log are instruction sequences (simd-exp-log.ts); tanh and log1p are first rewritten
 * with them (lower-tanh-log1p.ts).
 */
export function simdModuleBytes(source: ElementwiseProgram): Uint8Array<ArrayBuffer> {
  const program = lowerTanhAndLog1p(source);
  const nodes = topoOrder([program.output]);
  // Params 0..3: in0, in1, out, vectors. Locals: 4 = byte offset, 5 = end, then one v128 per node.
  const OFFSET = 4;
  const END = 5;
  const local = new Map<number, number>();
  let nextLocal = 6;
  for (const e of nodes) if (e.kind !== "const") local.set(e.id, nextLocal++);
  // v128 locals that exp and log use inside their own instruction sequence
  const scratch = Array.from({ length: 5 }, () => nextLocal++);
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
        if (e.op === "exp") body.push(...simdExp(get(e.a), scratch), ...set(e));
        else if (e.op === "log") body.push(...simdLog(get(e.a), scratch), ...set(e));
        else {
          const op = { abs: OP.f32x4Abs, neg: OP.f32x4Neg, sqrt: OP.f32x4Sqrt }[e.op as "abs" | "neg" | "sqrt"];
          if (op === undefined) throw new Error(`${e.op} should have been lowered before the SIMD emitter`);
          body.push(...get(e.a), ...simd(op), ...set(e));
        }
        break;
      }
      case "binary": {
        const op = {
          add: OP.f32x4Add,
          sub: OP.f32x4Sub,
          mul: OP.f32x4Mul,
          div: OP.f32x4Div,
          min: OP.f32x4Pmin,
          max: OP.f32x4Pmax,
        }[e.op];
        // pmin(a, b) = b < a ? b : a; pmax(a, b) = a < b ? b : a.
        body.push(...get(e.a), ...get(e.b), ...simd(op), ...set(e));
        break;
      }
      case "select":
        // bitselect(then, otherwise, mask) with mask = cond > 0.
        body.push(...get(e.then), ...get(e.otherwise), ...get(e.cond), ...splatConst(0), ...simd(OP.f32x4Gt));
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
  ];
  return oneFunctionModule({ params: [I32, I32, I32, I32], results: [] }, [[2, I32], [nextLocal - 6, V128]], code);
}

export type SimdKernel = (in0Ptr: number, in1Ptr: number, outPtr: number, vectors: number) => void;

/** Compiles and instantiates the module against `memory` (synchronous: the module is tiny). */
export function instantiateSimdKernel(program: ElementwiseProgram, memory: WebAssembly.Memory): SimdKernel {
  const module = new WebAssembly.Module(simdModuleBytes(program));
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports["run"] as SimdKernel;
}
