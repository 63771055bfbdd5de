import { compileJsKernel, type JsElementwiseKernel } from "../expr/emit-js.js";
import { instantiateSimdKernel, type SimdKernel } from "../expr/emit-wasm-simd.js";
import { oneFunctionModule, V128 } from "../expr/wasm-encoding.js";
import type { KernelPrograms } from "./kernel-programs.js";

export type Direction = "forward" | "backward";

const jsCache = new Map<string, JsElementwiseKernel>();

/** The JS loop for a program (compiled once per attribute set and direction). */
export function jsKernel(programs: KernelPrograms, direction: Direction): JsElementwiseKernel {
  const key = `${programs.key}/${direction}`;
  let kernel = jsCache.get(key);
  if (!kernel) {
    kernel = compileJsKernel(programs[direction]);
    jsCache.set(key, kernel);
  }
  return kernel;
}

// Per wasm memory: a backend re-created after tf.removeBackend gets a fresh memory.
const simdCache = new WeakMap<WebAssembly.Memory, Map<string, SimdKernel | null>>();

/** Whether this runtime has WebAssembly SIMD (Node 20 does; a module with a v128 local validates). */
const runtimeHasSimd = (): boolean => WebAssembly.validate(oneFunctionModule({ params: [], results: [] }, [[1, V128]], []));

/**
 * The SIMD kernel for a program on this memory, or null where the runtime has no SIMD. Every
 * program compiles to SIMD (exp and log included), so a module that fails here is a bug and throws.
 */
export function simdKernel(programs: KernelPrograms, direction: Direction, memory: WebAssembly.Memory): SimdKernel | null {
  let byKey = simdCache.get(memory);
  if (!byKey) {
    byKey = new Map();
    simdCache.set(memory, byKey);
  }
  const key = `${programs.key}/${direction}`;
  let kernel = byKey.get(key);
  if (kernel === undefined) {
    // A runtime without SIMD: the JS loop on the heap.
    kernel = runtimeHasSimd() ? instantiateSimdKernel(programs[direction], memory) : null;
    byKey.set(key, kernel);
  }
  return kernel;
}
