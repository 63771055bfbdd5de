import type { ActivationDefinition, FusedImpl, KernelAttrs } from "../activation-definition.js";
import type { KernelActivation } from "../kernel-activation.js";
import { gemDerivative, gemDerivativeExpr, gemForwardExpr, gemValue, type GemParams } from "../gem-formulas.js";

/** GEM, E-GEM and SE-GEM share one kernel, "GemSweepGem", with attrs N, eps, alpha. */
export const GEM_KERNEL_NAME = "GemSweepGem";

/** The kernel parameters a GEM-family spec stands for (GEM: eps = 1; GEM and E-GEM: alpha = 0). */
export function gemParams(spec: KernelActivation): GemParams {
  switch (spec.name) {
    case "gem":
      return { N: spec.N, eps: 1, alpha: 0 };
    case "e-gem":
      return { N: spec.N, eps: spec.eps, alpha: 0 };
    case "se-gem":
      return { N: spec.N, eps: spec.eps, alpha: spec.alpha };
    default:
      throw new Error(`${spec.name} is not a GEM-family activation`);
  }
}

const asParams = (attrs: KernelAttrs): GemParams => ({
  N: attrs["N"] as number,
  eps: attrs["eps"] as number,
  alpha: attrs["alpha"] as number,
});

const gemImpl: FusedImpl = {
  kind: "fused",
  kernelName: GEM_KERNEL_NAME,
  attrs: (spec) => gemParams(spec),
  forward: (b, x, attrs) => gemForwardExpr(b, x, asParams(attrs)),
  derivative: (b, x, attrs) => gemDerivativeExpr(b, x, asParams(attrs)),
};

const value = (x: number, spec: KernelActivation): number => gemValue(x, gemParams(spec));
const derivative = (x: number, spec: KernelActivation): number => gemDerivative(x, gemParams(spec));

export const gem: ActivationDefinition = {
  name: "gem",
  value,
  derivative,
  impl: gemImpl,
};

export const eGem: ActivationDefinition = {
  name: "e-gem",
  value,
  derivative,
  impl: gemImpl,
};

export const seGem: ActivationDefinition = {
  name: "se-gem",
  value,
  derivative,
  impl: gemImpl,
};
