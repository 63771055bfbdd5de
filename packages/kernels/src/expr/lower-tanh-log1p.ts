import { ExprBuilder, topoOrder, type ElementwiseProgram, type Expr } from "./expr.js";

// tanh and log1p rewritten with exp, log, selects and polynomials, for the float32 emitters
// (WebAssembly SIMD, WGSL). Neither has an instruction for them, and the short forms lose digits:
// 1 - 2/(exp(2a) + 1) cancels near 0, and Goldberg's log1p, log(w) a / (w - 1) with w = 1 + a,
// relies on a rounding correction that WGSL compilers may reassociate away (lavapipe does).
// Within 2e-7 relative of the float64 functions everywhere (simd-exp-log.test.ts, emit-wgsl.test.ts).

/** Cephes' tanhf polynomial in a^2, for |a| < 0.625. */
const TANH_POLY = [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1];

/** Cephes' tanhf: a + a^3 P(a^2) below |a| = 0.625, sign(a) (1 - 2/(exp(2|a|) + 1)) above (1 exactly from |a| = 44). */
export function tanhExpr(b: ExprBuilder, a: Expr): Expr {
  const z = b.mul(a, a);
  const poly = TANH_POLY.slice(1).reduce<Expr>((acc, c) => b.add(b.mul(acc, z), c), b.c(TANH_POLY[0] as number));
  const small = b.add(a, b.mul(b.mul(a, z), poly));
  const large = b.sub(1, b.div(2, b.add(b.exp(b.min(b.mul(2, b.abs(a)), 88)), 1)));
  return b.select(b.sub(0.625, b.abs(a)), small, b.select(a, large, b.neg(large)));
}

/**
 * log1p(a) = 2 atanh(s), s = a / (2 + a): the series 2 s (1 + s^2/3 + ... + s^14/15) for a in
 * (-0.5, 1) (|s| < 1/3, truncation < 2e-9 relative), log(1 + a) outside, where log is relatively accurate.
 */
export function log1pExpr(b: ExprBuilder, a: Expr): Expr {
  const s = b.div(a, b.add(2, a));
  const z = b.mul(s, s);
  const series = [13, 11, 9, 7, 5, 3].reduce<Expr>((acc, k) => b.add(1 / k, b.mul(z, acc)), b.c(1 / 15));
  const atanhSeries = b.mul(b.mul(2, s), b.add(1, b.mul(z, series)));
  const log = b.log(b.add(1, a));
  return b.select(b.add(a, 0.5), b.select(b.sub(1, a), atanhSeries, log), log);
}

/** The same program with every tanh and log1p node replaced by tanhExpr / log1pExpr. */
export function lowerTanhAndLog1p(program: ElementwiseProgram): ElementwiseProgram {
  const b = new ExprBuilder();
  const lowered = new Map<number, Expr>();
  const of = (e: Expr): Expr => lowered.get(e.id) as Expr;
  for (const e of topoOrder([program.output])) {
    const next: Expr =
      e.kind === "input" ? b.input(e.index)
      : e.kind === "const" ? b.c(e.value)
      : e.kind === "unary" ?
        e.op === "tanh" ? tanhExpr(b, of(e.a))
        : e.op === "log1p" ? log1pExpr(b, of(e.a))
        : b.unary(e.op, of(e.a))
      : e.kind === "binary" ? b.binary(e.op, of(e.a), of(e.b))
      : b.select(of(e.cond), of(e.then), of(e.otherwise));
    lowered.set(e.id, next);
  }
  return { inputs: program.inputs, output: of(program.output) };
}
