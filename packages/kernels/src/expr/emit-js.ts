import { topoOrder, type ElementwiseProgram, type Expr } from "./expr.js";

/** out[i] = program(inputs[0][i], inputs[1][i]) for i in [start, end). */
export type JsElementwiseKernel = (
  in0: Float32Array,
  in1: Float32Array | undefined,
  out: Float32Array,
  start: number,
  end: number,
) => void;

function literal(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`non-finite constant ${value} in a kernel`);
  return Object.is(value, -0) ? "-0" : String(value);
}

/** The loop body as JS source, one `const` per node (float64 arithmetic, float32 storage). */
export function jsLoopSource(program: ElementwiseProgram): string {
  const name = (e: Expr): string => (e.kind === "const" ? `(${literal(e.value)})` : `v${e.id}`);
  const lines: string[] = [];
  for (const e of topoOrder([program.output])) {
    switch (e.kind) {
      case "input":
        lines.push(`const v${e.id} = in${e.index}[i];`);
        break;
      case "const":
        break;
      case "unary": {
        const a = name(e.a);
        const expr = e.op === "neg" ? `-${a}` : `Math.${e.op}(${a})`;
        lines.push(`const v${e.id} = ${expr};`);
        break;
      }
      case "binary": {
        const a = name(e.a);
        const b = name(e.b);
        const sym = { add: "+", sub: "-", mul: "*", div: "/" } as const;
        // V8 compiles comparisons, ternaries and Math.max/min to branches: ~3x slower when the
        // outcome follows random signs. max/min against 0 are therefore arithmetic, exact for the
        // finite float64 values a float32 input gives: max(a, 0) = a/2 + |a|/2. Other min/max (the
        // gate clamp) are predictable branches.
        const zero = (v: Expr): boolean => v.kind === "const" && v.value === 0;
        const expr =
          e.op === "max" && zero(e.b) ? `(0.5 * ${a} + 0.5 * Math.abs(${a}))`
          : e.op === "min" && zero(e.b) ? `(0.5 * ${a} - 0.5 * Math.abs(${a}))`
          : e.op === "max" ? `(${a} > ${b} ? ${a} : ${b})`
          : e.op === "min" ? `(${a} < ${b} ? ${a} : ${b})`
          : `${a} ${sym[e.op]} ${b}`;
        lines.push(`const v${e.id} = ${expr};`);
        break;
      }
      case "select":
        lines.push(`const v${e.id} = ${name(e.cond)} > 0 ? ${name(e.then)} : ${name(e.otherwise)};`);
        break;
    }
  }
  lines.push(`out[i] = ${name(program.output)};`);
  return lines.join("\n      ");
}

/** Compiles a program to a JS loop; V8 optimizes it like hand-written code. */
export function compileJsKernel(program: ElementwiseProgram): JsElementwiseKernel {
  const source = `"use strict";
  return function elementwise(in0, in1, out, start, end) {
    for (let i = start; i < end; i++) {
      ${jsLoopSource(program)}
    }
  };`;
  return new Function(source)() as JsElementwiseKernel;
}
