import type { ActivationDefinition } from "../activation-definition.js";
import type { Expr, ExprBuilder } from "../expr/expr.js";

const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** Stable softplus: max(x, 0) + log1p(exp(-|x|)) never overflows, and keeps digits in the left tail. */
const softplusExpr = (b: ExprBuilder, x: Expr): Expr => b.add(b.max(x, 0), b.log1p(b.exp(b.neg(b.abs(x)))));

/** Mish: x tanh(softplus(x)); derivative t + x sigmoid(x) (1 - t^2) with t = tanh(softplus(x)). */
export const mish: ActivationDefinition = {
  name: "mish",
  value: (x) => x * Math.tanh(softplus(x)),
  derivative: (x) => {
    const t = Math.tanh(softplus(x));
    return t + x * sigmoid(x) * (1 - t * t);
  },
  impl: {
    kind: "fused",
    kernelName: "GemSweepMish",
    attrs: () => ({}),
    forward: (b, x) => b.mul(x, b.tanh(softplusExpr(b, x))),
    derivative: (b, x) => {
      const t = b.tanh(softplusExpr(b, x));
      const sig = b.div(1, b.add(1, b.exp(b.neg(x))));
      return b.add(t, b.mul(b.mul(x, sig), b.sub(1, b.mul(t, t))));
    },
  },
};
