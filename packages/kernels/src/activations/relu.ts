import type { ActivationDefinition } from "../activation-definition.js";

/**
 * ReLU, fused like the others: tf.relu's gradient is three kernels (Step, Cast, Multiply), one
 * pass each, where the fused backward is one (bench:kernels, wasm: 1.97 ns/element forward +
 * backward for tf.relu). max(x, 0) keeps NaN (divergence must stay visible); f'(0) = 0, as tfjs.
 */
export const relu: ActivationDefinition = {
  name: "relu",
  value: (x) => Math.max(x, 0),
  derivative: (x) => (x > 0 ? 1 : 0),
  impl: {
    kind: "fused",
    kernelName: "GemSweepRelu",
    attrs: () => ({}),
    forward: (b, x) => b.max(x, 0),
    derivative: (b, x) => b.select(x, 1, 0),
  },
};
