import * as tf from "@tensorflow/tfjs";
import type { ActivationDefinition } from "../activation-definition.js";

/** ELU with alpha = 1 (the only ELU tfjs has a kernel for). */
export const elu: ActivationDefinition = {
  name: "elu",
  value: (x) => (x > 0 ? x : Math.expm1(x)),
  derivative: (x) => (x > 0 ? 1 : Math.exp(x)),
  impl: { kind: "builtin", apply: (x) => tf.elu(x) },
};
