import type * as tf from "@tensorflow/tfjs";
import type { ActivationName } from "@gemsweep/contracts";
import type { KernelActivation } from "./kernel-activation.js";
import type { Expr, ExprBuilder } from "./expr/expr.js";

/** Kernel attributes: the activation's parameters, folded into the compiled kernel. */
export type KernelAttrs = Readonly<Record<string, number>>;

/** An activation computed by our own kernels (forward + analytic derivative), on every backend. */
export type FusedImpl = {
  readonly kind: "fused";
  /** tfjs kernel name of the forward; the backward kernel is `${kernelName}Grad`. */
  readonly kernelName: string;
  attrs(spec: KernelActivation): KernelAttrs;
  forward(b: ExprBuilder, x: Expr, attrs: KernelAttrs): Expr;
  derivative(b: ExprBuilder, x: Expr, attrs: KernelAttrs): Expr;
};

/** An activation tfjs already has as a kernel with a gradient on every backend. */
export type BuiltinImpl = {
  readonly kind: "builtin";
  apply(x: tf.Tensor, spec: KernelActivation): tf.Tensor;
};

/** Everything the package knows about one activation; one file per activation under activations/. */
export type ActivationDefinition = {
  readonly name: ActivationName;
  /** float64 reference value and first derivative (tests, docs). */
  value(x: number, spec: KernelActivation): number;
  derivative(x: number, spec: KernelActivation): number;
  readonly impl: FusedImpl | BuiltinImpl;
};

export function gradKernelName(kernelName: string): string {
  return `${kernelName}Grad`;
}
