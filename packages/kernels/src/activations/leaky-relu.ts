import type { ActivationDefinition } from "../activation-definition.js";

/**
 * LeakyReLU; default slope 0.01 as in PyTorch (the framework the paper's baselines use). Fused:
 * tf.leakyRelu on wasm goes through a broadcasting Prelu and is ~20x slower than a copy.
 */
export const leakyRelu: ActivationDefinition = {
  name: "leaky-relu",
  value: (x, s) => (x > 0 ? x : s.alpha * x),
  derivative: (x, s) => (x > 0 ? 1 : s.alpha),
  impl: {
    kind: "fused",
    kernelName: "GemSweepLeakyRelu",
    attrs: (s) => ({ alpha: s.alpha }),
    forward: (b, x, a) => b.select(x, x, b.mul(x, a["alpha"] as number)),
    derivative: (b, x, a) => b.select(x, 1, a["alpha"] as number),
  },
};
