import { topoOrder, type ElementwiseProgram, type Expr } from "./expr.js";

/** A WGSL f32 literal that round-trips exactly (bit pattern), whatever the value's decimal form. */
export function wgslF32(value: number): string {
  const bits = new Uint32Array(new Float32Array([value]).buffer)[0] as number;
  return `bitcast<f32>(0x${bits.toString(16).padStart(8, "0")}u)`;
}

/**
 * WGSL statements computing the program for one element. Inputs are the WGSL expressions of the
 * input values (e.g. "A[index]"); the result is left in `result`.
 */
export function wgslBody(program: ElementwiseProgram, inputs: readonly string[]): string {
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
        // tanh is clamped: some drivers compute it as a ratio of exponentials, which gives NaN at |a| > ~44.
        const expr =
          e.op === "neg" ? `-(${a})`
          : e.op === "tanh" ? `tanh(clamp(${a}, -15.0, 15.0))`
          : e.op === "exp" ? `exp(min(${a}, 88.0))`
          // WGSL has no log1p: log(w) * a / (w - 1) with w = 1 + a corrects w's rounding (Goldberg).
          : e.op === "log1p" ? `select(log(1.0 + ${a}) * ${a} / ((1.0 + ${a}) - 1.0), ${a}, (1.0 + ${a}) == 1.0)`
          : `${e.op}(${a})`;
        lines.push(`let v${e.id} = ${expr};`);
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
