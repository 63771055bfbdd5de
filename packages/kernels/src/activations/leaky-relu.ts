import * as tf from "@tensorflow/tfjs";
import type { ActivationDefinition } from "../activation-definition.js";

/** LeakyReLU; default slope 0.01 as in PyTorch (the framework the paper's baselines use). */
export const leakyRelu: ActivationDefinition = {
  name: "leaky-relu",
  label: (s) => `LeakyReLU (α=${s.alpha})`,
  value: (x, s) => (x > 0 ? x : s.alpha * x),
  derivative: (x, s) => (x > 0 ? 1 : s.alpha),
  impl: { kind: "builtin", apply: (x, s) => tf.leakyRelu(x, s.alpha) },
};
