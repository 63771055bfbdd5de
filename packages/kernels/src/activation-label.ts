import { ACTIVATIONS } from "./activation-registry.js";
import { validateActivationSpec, type ActivationSpec } from "./activation-spec.js";

/** A short human label for tables and plots, e.g. "E-GEM (N=1, ε=0.01)". */
export function activationLabel(spec: ActivationSpec): string {
  const resolved = validateActivationSpec(spec);
  return ACTIVATIONS[resolved.name].label(resolved);
}
