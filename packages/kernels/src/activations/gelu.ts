import type { ActivationDefinition } from "../activation-definition.js";
import type { Expr, ExprBuilder } from "../expr/expr.js";
import { erfc } from "../math/erf.js";

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Phi(x) = 1 - erfc(x/sqrt2)/2 for x > 0, erfc(|x|/sqrt2)/2 otherwise, with Numerical Recipes'
 * Chebyshev erfc (fractional error < 1.2e-7 everywhere): erfc is computed directly, so the left
 * tail keeps its relative accuracy instead of cancelling in 1 + erf.
 */
const ERFC_COEFFS = [
  0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368,
  -1.26551223,
];
function phiExpr(b: ExprBuilder, x: Expr): Expr {
  const z = b.mul(b.abs(x), SQRT1_2);
  const t = b.div(1, b.add(1, b.mul(0.5, z)));
  // Estrin's scheme (pairs, then powers t^2, t^4, t^8): a dependency chain of ~4 multiply-adds
  // instead of Horner's 9, so SIMD lanes are not waiting on latency
  const c = [...ERFC_COEFFS].reverse(); // c[i] multiplies t^i
  const t2 = b.mul(t, t);
  const t4 = b.mul(t2, t2);
  const t8 = b.mul(t4, t4);
  const pair = (i: number) => b.add(c[i] as number, b.mul(c[i + 1] as number, t));
  const q0 = b.add(pair(0), b.mul(pair(2), t2));
  const q1 = b.add(pair(4), b.mul(pair(6), t2));
  const poly: Expr = b.add(b.add(q0, b.mul(q1, t4)), b.mul(pair(8), t8));
  const halfErfc = b.mul(b.mul(t, b.exp(b.sub(poly, b.mul(z, z)))), 0.5);
  return b.select(x, b.sub(1, halfErfc), halfErfc);
}

/** GELU, exact erf form: x Phi(x); derivative Phi(x) + x phi(x). */
export const gelu: ActivationDefinition = {
  name: "gelu",
  // Phi(x) = erfc(-x/sqrt2)/2: no cancellation in the left tail.
  value: (x) => 0.5 * x * erfc(-x * SQRT1_2),
  derivative: (x) => 0.5 * erfc(-x * SQRT1_2) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x),
  impl: {
    kind: "fused",
    kernelName: "GemSweepGelu",
    attrs: () => ({}),
    forward: (b, x) => b.mul(x, phiExpr(b, x)),
    derivative: (b, x) => b.add(phiExpr(b, x), b.mul(b.mul(x, INV_SQRT_2PI), b.exp(b.mul(b.mul(x, x), -0.5)))),
  },
};
