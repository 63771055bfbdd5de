import { topoOrder, type ElementwiseProgram, type Expr } from "./expr.js";
import { lowerTanhAndLog1p } from "./lower-tanh-log1p.js";

/** A WGSL f32 literal that round-trips exactly (bit pattern), whatever the value's decimal form. */
export function wgslF32(value: number): string {
  const bits = new Uint32Array(new Float32Array([value]).buffer)[0] as number;
  return `bitcast<f32>(0x${bits.toString(16).padStart(8, "0")}u)`;
}

// WGSL's own tanh and log are only absolutely accurate near 0 and 1 (the spec allows it: tanh inherits
// sinh/cosh's error, log has 2^-21 absolute error in [0.5, 2]; lavapipe gives tanh(1e-13) = 3e-8), so
// tanh and log1p are first rewritten with exp, log away from 1, and polynomials
// (lower-tanh-log1p.ts, shared with the WebAssembly SIMD emitter): within 2e-7 relative on lavapipe.

/**
 * WGSL statements computing the program for one element. Inputs are the WGSL expressions of the
 * input values (e.g. "A[index]"); the result is left in `result`.
 */
export function wgslBody(source: ElementwiseProgram, inputs: readonly string[]): string {
  const program = lowerTanhAndLog1p(source);
  const name = (e: Expr): string => (e.kind === "const" ? wgslF32(e.value) : `v${e.id}`);
  const lines: string[] = [];
  for (const e of topoOrder([program.output])) {
    switch (e.kind) {
      case "input": {
        const src = inputs[e.index];
        if (src === undefined) throw new Error(`program input ${e.index} has no WGSL source`);
        lines.push(`let v${e.id} = ${src};`);
        break;
      }
      case "const":
        break;
      case "unary": {
        const a = name(e.a);
        lines.push(`let v${e.id} = ${e.op === "neg" ? `-(${a})` : e.op === "exp" ? `exp(min(${a}, 88.0))` : `${e.op}(${a})`};`);
        break;
      }
      case "binary": {
        const a = name(e.a);
        const b = name(e.b);
        const sym = { add: "+", sub: "-", mul: "*", div: "/" } as const;
        const expr = e.op === "max" || e.op === "min" ? `${e.op}(${a}, ${b})` : `${a} ${sym[e.op]} ${b}`;
        lines.push(`let v${e.id} = ${expr};`);
        break;
      }
      case "select":
        // WGSL select(f, t, cond) picks t when cond: branch-free.
        lines.push(`let v${e.id} = select(${name(e.otherwise)}, ${name(e.then)}, ${name(e.cond)} > 0.0);`);
        break;
    }
  }
  lines.push(`result = ${name(program.output)};`);
  return lines.join("\n          ");
}
