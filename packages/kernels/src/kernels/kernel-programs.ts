import type { FusedImpl, KernelAttrs } from "../activation-definition.js";
import { backwardProgram, forwardProgram, type ElementwiseProgram } from "../expr/expr.js";

export type KernelPrograms = { readonly key: string; readonly forward: ElementwiseProgram; readonly backward: ElementwiseProgram };

const cache = new Map<string, KernelPrograms>();

/** A stable cache key for an attribute set (attrs are folded into compiled code as constants). */
export function attrsKey(kernelName: string, attrs: KernelAttrs): string {
  const parts = Object.keys(attrs)
    .sort()
    .map((k) => `${k}=${Math.fround(attrs[k] as number)}`);
  return `${kernelName}(${parts.join(",")})`;
}

/** The forward and backward programs of a fused activation for one attribute set (memoized). */
export function kernelPrograms(impl: FusedImpl, attrs: KernelAttrs): KernelPrograms {
  const key = attrsKey(impl.kernelName, attrs);
  let programs = cache.get(key);
  if (!programs) {
    programs = {
      key,
      forward: forwardProgram((b, x) => impl.forward(b, x, attrs)),
      backward: backwardProgram((b, x) => impl.derivative(b, x, attrs)),
    };
    cache.set(key, programs);
  }
  return programs;
}
