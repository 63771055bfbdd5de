import type { ActivationDefinition } from "../activation-definition.js";
import type { Expr, ExprBuilder } from "../expr/expr.js";

const K = Math.sqrt(2 / Math.PI);
const C = 0.044715;

// 0.5 (1 + tanh(u)) = sigmoid(2u): the sigmoid form keeps relative accuracy in the left tail,
// where 1 + tanh(u) cancels.
const u = (x: number): number => K * (x + C * x * x * x);
const du = (x: number): number => K * (1 + 3 * C * x * x);
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** sigmoid(2u(x)) with x clamped to +-10 first: the gate is already 0 or 1 there, and x^3 cannot overflow. */
function gateExpr(b: ExprBuilder, xc: Expr): Expr {
  const twoU = b.mul(b.add(xc, b.mul(C, b.mul(xc, b.mul(xc, xc)))), 2 * K);
  return b.div(1, b.add(1, b.exp(b.neg(twoU))));
}

/**
 * GELU, tanh approximation (GPT-2): 0.5 x (1 + tanh(u)), u = K (x + C x^3), written as
 * x sigmoid(2u); derivative sigmoid(2u) + 2 x sigmoid(2u) (1 - sigmoid(2u)) u'.
 */
export const geluTanh: ActivationDefinition = {
  name: "gelu-tanh",
  value: (x) => x * sigmoid(2 * u(x)),
  derivative: (x) => {
    const g = sigmoid(2 * u(x));
    return g + 2 * x * g * (1 - g) * du(x);
  },
  impl: {
    kind: "fused",
    kernelName: "GemSweepGeluTanh",
    attrs: () => ({}),
    forward: (b, x) => b.mul(x, gateExpr(b, b.clamp(x, -10, 10))),
    derivative: (b, x) => {
      const xc = b.clamp(x, -10, 10);
      const g = gateExpr(b, xc);
      const slope = b.mul(2 * K, b.add(1, b.mul(3 * C, b.mul(xc, xc))));
      return b.add(g, b.mul(b.mul(b.mul(x, g), b.sub(1, g)), slope));
    },
  },
};
