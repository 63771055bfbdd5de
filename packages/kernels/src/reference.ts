import { ACTIVATIONS } from "./activation-registry.js";
import type { Activation } from "@gemsweep/contracts";
import { kernelActivationOf } from "./kernel-activation.js";
import {
  gemDefinition,
  gemDefinitionDerivative,
  gemDerivative,
  gemJumpAtZero,
  gemReluLimitConstant,
  gemSlopeOvershoot,
  gemSupDistance,
  gemValue,
} from "./gem-formulas.js";

/** float64 scalar implementations, for tests, docs and plots (never used by the kernels' data path). */
export const reference = {
  /** E-GEM(x; N, eps) and its derivative. */
  egem: (x: number, N = 1, eps = 1): number => gemValue(x, { N, eps, alpha: 0 }),
  egemDerivative: (x: number, N = 1, eps = 1): number => gemDerivative(x, { N, eps, alpha: 0 }),
  /** GEM_N = E-GEM with eps = 1. */
  gem: (x: number, N = 1): number => gemValue(x, { N, eps: 1, alpha: 0 }),
  gemDerivative: (x: number, N = 1): number => gemDerivative(x, { N, eps: 1, alpha: 0 }),
  /** SE-GEM(x; N, eps, alpha). */
  segem: (x: number, N = 1, eps = 1, alpha = 0.01): number => gemValue(x, { N, eps, alpha }),
  segemDerivative: (x: number, N = 1, eps = 1, alpha = 0.01): number => gemDerivative(x, { N, eps, alpha }),
  /** the reference's (docs/kernels.md) literal (overflow-prone) forms, to check the stable form against. */
  definition: gemDefinition,
  definitionDerivative: gemDefinitionDerivative,
  /** The closed-form constants of the reference's (docs/kernels.md) properties. */
  theory: {
    jumpAtZero: gemJumpAtZero,
    reluLimitConstant: gemReluLimitConstant,
    supDistance: gemSupDistance,
    slopeOvershoot: gemSlopeOvershoot,
  },
  /** Any activation by spec (baselines included). */
  value: (spec: Activation, x: number): number => {
    const s = kernelActivationOf(spec);
    return ACTIVATIONS[s.name].value(x, s);
  },
  derivative: (spec: Activation, x: number): number => {
    const s = kernelActivationOf(spec);
    return ACTIVATIONS[s.name].derivative(x, s);
  },
  relu: (x: number): number => ACTIVATIONS.relu.value(x, kernelActivationOf("relu")),
  gelu: (x: number): number => ACTIVATIONS.gelu.value(x, kernelActivationOf("gelu")),
  geluTanh: (x: number): number => ACTIVATIONS["gelu-tanh"].value(x, kernelActivationOf("gelu-tanh")),
  swish: (x: number): number => ACTIVATIONS.swish.value(x, kernelActivationOf("swish")),
  mish: (x: number): number => ACTIVATIONS.mish.value(x, kernelActivationOf("mish")),
  elu: (x: number): number => ACTIVATIONS.elu.value(x, kernelActivationOf("elu")),
  leakyRelu: (x: number, alpha = 0.01): number =>
    ACTIVATIONS["leaky-relu"].value(x, kernelActivationOf({ name: "leaky-relu", alpha })),
} as const;
