import type { ActivationDefinition } from "../activation-definition.js";
import type { Expr, ExprBuilder } from "../expr/expr.js";

const K = Math.sqrt(2 / Math.PI);
const C = 0.044715;

const inner = (x: number): number => K * (x + C * x * x * x);

/** tanh(K (x + C x^3)) with x clamped to +-10 first: tanh is already +-1 there, and x^3 cannot overflow. */
function tanhInner(b: ExprBuilder, xc: Expr): Expr {
  return b.tanh(b.mul(b.add(xc, b.mul(C, b.mul(xc, b.mul(xc, xc)))), K));
}

/** GELU, tanh approximation (GPT-2): 0.5 x (1 + tanh(K (x + C x^3))). */
export const geluTanh: ActivationDefinition = {
  name: "gelu-tanh",
  label: () => "GELU (tanh)",
  value: (x) => 0.5 * x * (1 + Math.tanh(inner(x))),
  derivative: (x) => {
    const t = Math.tanh(inner(x));
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * C * x * x);
  },
  impl: {
    kind: "fused",
    kernelName: "GemSweepGeluTanh",
    attrs: () => ({}),
    forward: (b, x) => b.mul(b.mul(x, 0.5), b.add(1, tanhInner(b, b.clamp(x, -10, 10)))),
    derivative: (b, x) => {
      const xc = b.clamp(x, -10, 10);
      const t = tanhInner(b, xc);
      const slope = b.mul(K, b.add(1, b.mul(3 * C, b.mul(xc, xc))));
      return b.add(b.mul(0.5, b.add(1, t)), b.mul(b.mul(b.mul(0.5, x), b.sub(1, b.mul(t, t))), slope));
    },
  },
};
