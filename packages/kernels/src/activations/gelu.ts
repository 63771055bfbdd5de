import type { ActivationDefinition } from "../activation-definition.js";
import type { Expr, ExprBuilder } from "../expr/expr.js";
import { erf } from "../math/erf.js";

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Phi(x) = 1 - erfc(x/sqrt2)/2 for x > 0, erfc(|x|/sqrt2)/2 otherwise, with erfc from Abramowitz &
 * Stegun 7.1.26 (|error| < 1.5e-7): erfc is computed directly, so the left tail keeps its relative
 * accuracy instead of cancelling in 1 + erf.
 */
function phiExpr(b: ExprBuilder, x: Expr): Expr {
  const z = b.mul(b.abs(x), SQRT1_2);
  const t = b.div(1, b.add(1, b.mul(0.3275911, z)));
  const coeffs = [1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592];
  let poly: Expr = b.c(coeffs[0] as number);
  for (const c of coeffs.slice(1)) poly = b.add(b.mul(poly, t), c);
  const halfErfc = b.mul(b.mul(b.mul(poly, t), b.exp(b.neg(b.mul(z, z)))), 0.5);
  return b.select(x, b.sub(1, halfErfc), halfErfc);
}

/** GELU, exact erf form: x Phi(x); derivative Phi(x) + x phi(x). */
export const gelu: ActivationDefinition = {
  name: "gelu",
  label: () => "GELU",
  value: (x) => 0.5 * x * (1 + erf(x * SQRT1_2)),
  derivative: (x) => 0.5 * (1 + erf(x * SQRT1_2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x),
  impl: {
    kind: "fused",
    kernelName: "GemSweepGelu",
    attrs: () => ({}),
    forward: (b, x) => b.mul(x, phiExpr(b, x)),
    derivative: (b, x) => b.add(phiExpr(b, x), b.mul(b.mul(x, INV_SQRT_2PI), b.exp(b.mul(b.mul(x, x), -0.5)))),
  },
};
