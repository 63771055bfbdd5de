import * as tf from "@tensorflow/tfjs";
import type { ActivationDefinition } from "../activation-definition.js";

export const relu: ActivationDefinition = {
  name: "relu",
  value: (x) => Math.max(x, 0),
  derivative: (x) => (x > 0 ? 1 : 0),
  impl: { kind: "builtin", apply: (x) => tf.relu(x) },
};
