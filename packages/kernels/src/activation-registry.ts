import type { ActivationDefinition, FusedImpl } from "./activation-definition.js";
import type { ActivationName } from "@gemsweep/contracts";
import { elu } from "./activations/elu.js";
import { eGem, gem, seGem } from "./activations/gem.js";
import { geluTanh } from "./activations/gelu-tanh.js";
import { gelu } from "./activations/gelu.js";
import { leakyRelu } from "./activations/leaky-relu.js";
import { mish } from "./activations/mish.js";
import { relu } from "./activations/relu.js";
import { swish } from "./activations/swish.js";

/** Every activation by name. Adding one = one file under activations/ + one line here (+ its name). */
export const ACTIVATIONS: Readonly<Record<ActivationName, ActivationDefinition>> = {
  relu,
  gelu,
  "gelu-tanh": geluTanh,
  swish,
  mish,
  elu,
  "leaky-relu": leakyRelu,
  gem,
  "e-gem": eGem,
  "se-gem": seGem,
};

/** The distinct fused kernels to register on each backend. */
export function fusedImpls(): FusedImpl[] {
  const byName = new Map<string, FusedImpl>();
  for (const def of Object.values(ACTIVATIONS)) {
    if (def.impl.kind === "fused") byName.set(def.impl.kernelName, def.impl);
  }
  return [...byName.values()];
}
