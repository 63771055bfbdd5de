import type { ActivationDefinition } from "../activation-definition.js";
import type { Expr, ExprBuilder } from "../expr/expr.js";

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** 1/(1+exp(-x)): exp overflows to inf for x << 0, giving exactly 0, never NaN. */
const sigmoidExpr = (b: ExprBuilder, x: Expr): Expr => b.div(1, b.add(1, b.exp(b.neg(x))));

/** Swish / SiLU: x sigmoid(x); derivative sigmoid(x) (1 + x (1 - sigmoid(x))). */
export const swish: ActivationDefinition = {
  name: "swish",
  value: (x) => x * sigmoid(x),
  derivative: (x) => sigmoid(x) * (1 + x * (1 - sigmoid(x))),
  impl: {
    kind: "fused",
    kernelName: "GemSweepSwish",
    attrs: () => ({}),
    forward: (b, x) => b.mul(x, sigmoidExpr(b, x)),
    derivative: (b, x) => {
      const s = sigmoidExpr(b, x);
      return b.mul(s, b.add(1, b.mul(x, b.sub(1, s))));
    },
  },
};
