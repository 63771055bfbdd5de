import type * as tf from "@tensorflow/tfjs";
import { gradKernelName, type FusedImpl, type KernelAttrs } from "../activation-definition.js";
import { jsKernel, simdKernel, type Direction } from "./compiled-kernels.js";
import { kernelPrograms } from "./kernel-programs.js";

/** The parts of tfjs' BackendWasm we use. */
type WasmBackend = {
  wasm: { HEAPF32: Float32Array; asm?: { memory?: WebAssembly.Memory } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: "float32"): tf.TensorInfo;
};

function wasmKernel(impl: FusedImpl, direction: Direction): tf.KernelConfig {
  return {
    kernelName: direction === "forward" ? impl.kernelName : gradKernelName(impl.kernelName),
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const wasm = backend as unknown as WasmBackend;
      const x = inputs["x"] as tf.TensorInfo;
      const n = x.shape.reduce((a, b) => a * b, 1);
      // Allocate first: makeOutput may grow the heap, which detaches earlier views.
      const out = wasm.makeOutput(x.shape, "float32");
      if (n === 0) return out;
      const programs = kernelPrograms(impl, attrs as KernelAttrs);
      const xPtr = wasm.dataIdMap.get(x.dataId).memoryOffset;
      const dyPtr = direction === "backward" ? wasm.dataIdMap.get((inputs["dy"] as tf.TensorInfo).dataId).memoryOffset : 0;
      const outPtr = wasm.dataIdMap.get(out.dataId).memoryOffset;
      const memory = wasm.wasm.asm?.memory;
      const simd = memory ? simdKernel(programs, direction, memory) : null;
      let done = 0;
      if (simd) {
        // In place on the backend's heap, 4 lanes at a time: no copies.
        const vectors = n >>> 2;
        simd(xPtr, dyPtr, outPtr, vectors);
        done = vectors * 4;
      }
      if (done < n) {
        // The tail (or the whole tensor on a runtime without SIMD): a JS loop over views of the same heap.
        const heap = wasm.wasm.HEAPF32;
        const view = (ptr: number): Float32Array => heap.subarray(ptr >>> 2, (ptr >>> 2) + n);
        const dys = direction === "backward" ? view(dyPtr) : undefined;
        jsKernel(programs, direction)(view(xPtr), dys, view(outPtr), done, n);
      }
      return out;
    },
  };
}

/** Forward and backward KernelConfigs of a fused activation on the wasm backend. */
export function wasmKernelConfigs(impl: FusedImpl): tf.KernelConfig[] {
  return [wasmKernel(impl, "forward"), wasmKernel(impl, "backward")];
}
