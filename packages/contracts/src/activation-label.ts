import { ACTIVATIONS, PARAM_SYMBOLS, paramsOf } from "./activation-catalog.js";
import { formatParam } from "./activation-key.js";
import { withDefaults, type Activation } from "./activation.js";

/** The label tables, plots and exports print: `E-GEM (N=1, ε=0.01)`, `GELU`, `LeakyReLU (α=0.01)`. */
export function activationLabel(a: Activation): string {
  const full = withDefaults(a);
  const info = ACTIVATIONS[full.name];
  const params = paramsOf(full.name).map((p) => `${PARAM_SYMBOLS[p]}=${formatParam(full[p] as number)}`);
  return params.length === 0 ? info.displayName : `${info.displayName} (${params.join(", ")})`;
}
