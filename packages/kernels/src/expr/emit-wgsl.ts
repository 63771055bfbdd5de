import { topoOrder, type ElementwiseProgram, type Expr } from "./expr.js";

/** A WGSL f32 literal that round-trips exactly (bit pattern), whatever the value's decimal form. */
export function wgslF32(value: number): string {
  const bits = new Uint32Array(new Float32Array([value]).buffer)[0] as number;
  return `bitcast<f32>(0x${bits.toString(16).padStart(8, "0")}u)`;
}

// WGSL's own tanh and log are only absolutely accurate near 0 and 1 (the spec allows it: tanh inherits
// sinh/cosh's error, log has 2^-21 absolute error in [0.5, 2]; lavapipe gives tanh(1e-13) = 3e-8), and
// WGSL lets compilers reassociate, so a rounding correction like Goldberg's log1p, log(w) a / (w - 1)
// with w = 1 + a, may be folded away (lavapipe does). So tanh and log1p are spelled out here with
// exp, log away from 1, and polynomials: within 2e-7 relative everywhere on lavapipe.

/** Cephes' tanhf: odd polynomial below |a| = 0.625, 1 - 2/(exp(2|a|) + 1) above (exp clamped: 1 at |a| >= 44). */
function wgslTanh(v: string, a: string): string[] {
  const p = [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1];
  const poly = p.slice(1).reduce((acc, c) => `(${acc} * ${v}z + ${wgslF32(c)})`, wgslF32(p[0] as number));
  return [
    `let ${v}z = ${a} * ${a};`,
    `let ${v}small = ${a} + ${a} * ${v}z * ${poly};`,
    `let ${v}large = sign(${a}) * (1.0 - 2.0 / (exp(min(2.0 * abs(${a}), 88.0)) + 1.0));`,
    `let ${v} = select(${v}large, ${v}small, abs(${a}) < 0.625);`,
  ];
}

/**
 * log1p(a) = 2 atanh(s), s = a / (2 + a): the series 2 s (1 + s^2/3 + ... + s^14/15) for a in
 * [-0.5, 1] (|s| <= 1/3, truncation < 2e-9 relative), log(1 + a) outside, where log is relatively accurate.
 */
function wgslLog1p(v: string, a: string): string[] {
  const series = [3, 5, 7, 9, 11, 13].reduceRight((acc, k) => `(${wgslF32(1 / k)} + ${v}z * ${acc})`, wgslF32(1 / 15));
  return [
    `let ${v}s = ${a} / (2.0 + ${a});`,
    `let ${v}z = ${v}s * ${v}s;`,
    `let ${v}series = 2.0 * ${v}s * (1.0 + ${v}z * ${series});`,
    `let ${v} = select(log(1.0 + ${a}), ${v}series, ${a} >= -0.5 && ${a} <= 1.0);`,
  ];
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
        if (e.op === "tanh") lines.push(...wgslTanh(`v${e.id}`, a));
        else if (e.op === "log1p") lines.push(...wgslLog1p(`v${e.id}`, a));
        else lines.push(`let v${e.id} = ${e.op === "neg" ? `-(${a})` : e.op === "exp" ? `exp(min(${a}, 88.0))` : `${e.op}(${a})`};`);
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
