import { parseActivation, type Activation, type ActivationName } from "@gemsweep/contracts";

/**
 * An activation as the kernels read it: validated by the contracts' catalog, with every number a
 * kernel takes present (its own parameters, and neutral values N = 1, eps = 1, alpha = 0 for the
 * rest), so one GEM kernel serves GEM, E-GEM and SE-GEM.
 */
export type KernelActivation = { name: ActivationName; N: number; eps: number; alpha: number };

export function kernelActivationOf(input: Activation | string): KernelActivation {
  const a = parseActivation(input);
  return { name: a.name, N: a.N ?? 1, eps: a.eps ?? 1, alpha: a.alpha ?? 0 };
}
