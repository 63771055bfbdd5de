/**
 * THE module holding the GEM family's formulas (docs/kernels.md). Everything that depends on
 * the parameterization lives here: the literal definition, the numerically stable form used by
 * every kernel (as an expression DAG, compiled per backend), the float64 reference, and the
 * closed-form constants the property tests compare against. A different published
 * parameterization is a change to this file only.
 *
 * One kernel covers the three variants: GEM = E-GEM with eps = 1; E-GEM = SE-GEM with alpha = 0.
 */
import type { Expr, ExprBuilder } from "./expr/expr.js";
import { betaFunction } from "./math/log-gamma.js";

/** N: integer >= 1 (order 2N of the gate); eps > 0: scale; alpha >= 0: leak on x < 0 (0 = E-GEM). */
export type GemParams = { readonly N: number; readonly eps: number; readonly alpha: number };

// ---------------------------------------------------------------- literal definition (docs/kernels.md)

/** E-GEM / SE-GEM exactly as docs/kernels.md writes them; overflows for large |x| (tests only). */
export function gemDefinition(x: number, { N, eps, alpha }: GemParams): number {
  const u = x ** (2 * N);
  const e = eps ** (2 * N);
  const y = x ** (2 * N + 1) / (u + e);
  return x > 0 ? y : x < 0 ? alpha * y : 0;
}

/** First derivative as docs/kernels.md writes it: u (u + (2N+1) e) / (u + e)^2, times alpha for x < 0. */
export function gemDefinitionDerivative(x: number, { N, eps, alpha }: GemParams): number {
  const u = x ** (2 * N);
  const e = eps ** (2 * N);
  const d = (u * (u + (2 * N + 1) * e)) / (u + e) ** 2;
  return x > 0 ? d : x < 0 ? alpha * d : 0;
}

// ---------------------------------------------------------------- stable forms (docs/kernels.md, property 6)
// Reference (float64), exactly the reference's (docs/kernels.md) stable form: r = (eps/|x|)^{2N} (may be +inf),
// s = 1/(1+r) = the gate, E-GEM = x s, E-GEM' = s (2N+1 - 2N s). Never forms x^{2N}.
// Kernels (float32): the same gate written as s = p/(1+p), p = 1/r clamped (see gateExpr).

/** The float64 reference value (stable form). */
export function gemValue(x: number, { N, eps, alpha }: GemParams): number {
  const s = 1 / (1 + (eps / Math.abs(x)) ** (2 * N));
  return x > 0 ? x * s : x < 0 ? alpha * x * s : 0;
}

/** The float64 reference first derivative (stable form). */
export function gemDerivative(x: number, { N, eps, alpha }: GemParams): number {
  const s = 1 / (1 + (eps / Math.abs(x)) ** (2 * N));
  const d = s * (2 * N + 1 - 2 * N * s);
  return x > 0 ? d : x < 0 ? alpha * d : 0;
}

/**
 * The gate in the kernels: s = p / (1 + p) with p = min(a/eps, P)^{2N}, which equals 1/(1 + r)
 * (r = 1/p) but costs one division per element instead of two (a/eps is a multiplication by the
 * constant 1/eps). P = 1e36^{1/(2N)} keeps p + 1 finite; at P the gate is already 1 in float32.
 * a = 0 gives p = 0 and s = 0 exactly, so nothing leaks to x <= 0 when alpha = 0.
 */
function gateExpr(b: ExprBuilder, a: Expr, { N, eps }: GemParams): Expr {
  const p = b.powi(b.min(b.mul(a, 1 / eps), gateClamp(N)), 2 * N);
  return b.div(p, b.add(p, 1));
}

/** The largest a/eps the kernels use: 1e36^{1/(2N)}, so (a/eps)^{2N} <= 1e36 never overflows float32. */
export function gateClamp(N: number): number {
  return 1e36 ** (1 / (2 * N));
}

/** Forward, branch-free. With alpha = 0, a = max(x, 0) makes the gate 0 on x <= 0: no select. */
export function gemForwardExpr(b: ExprBuilder, x: Expr, p: GemParams): Expr {
  if (p.alpha === 0) {
    const a = b.max(x, 0);
    return b.mul(a, gateExpr(b, a, p));
  }
  const s = gateExpr(b, b.abs(x), p);
  return b.mul(b.mul(x, s), b.select(x, 1, p.alpha));
}

/** First derivative, branch-free: s (2N+1 - 2N s), times the leak alpha on x < 0. */
export function gemDerivativeExpr(b: ExprBuilder, x: Expr, p: GemParams): Expr {
  const n2 = 2 * p.N;
  if (p.alpha === 0) {
    const s = gateExpr(b, b.max(x, 0), p);
    return b.mul(s, b.sub(n2 + 1, b.mul(n2, s)));
  }
  const s = gateExpr(b, b.abs(x), p);
  return b.mul(b.mul(s, b.sub(n2 + 1, b.mul(n2, s))), b.select(x, 1, p.alpha));
}

// ---------------------------------------------------------------- closed-form properties

/** Property 1: right limit of the (2N+1)-th derivative at 0 ((2N+1)!/eps^{2N}); left limit is alpha times it. */
export function gemJumpAtZero({ N, eps }: GemParams): number {
  let factorial = 1;
  for (let k = 2; k <= 2 * N + 1; k++) factorial *= k;
  return factorial / eps ** (2 * N);
}

/** Property 2: C_{N,p} with ||ReLU - E-GEM_eps||_p = eps^{1+1/p} C_{N,p}; defined when p(2N-1) > 1. */
export function gemReluLimitConstant(N: number, p: number): number {
  if (!(p * (2 * N - 1) > 1)) throw new Error(`the L_p distance is finite only for p(2N-1) > 1 (N=${N}, p=${p})`);
  const a = (p + 1) / (2 * N);
  return (betaFunction(a, p - a) / (2 * N)) ** (1 / p);
}

/** Property 3: sup_x (ReLU - E-GEM)(x) = eps (2N-1)^{1-1/(2N)} / (2N). */
export function gemSupDistance(N: number, eps: number): number {
  return (eps * (2 * N - 1) ** (1 - 1 / (2 * N))) / (2 * N);
}

/** Property 4: the slope overshoot max_x E-GEM'(x) = (2N+1)^2 / (8N) and where it is reached. */
export function gemSlopeOvershoot(N: number, eps: number): { max: number; at: number } {
  return { max: (2 * N + 1) ** 2 / (8 * N), at: eps * ((2 * N + 1) / (2 * N - 1)) ** (1 / (2 * N)) };
}
