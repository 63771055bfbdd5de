// The parts of tfjs' BackendWasm our wasm kernels use, in one place: tensors' heap addresses, new
// outputs on the heap, and our hand-assembled modules instantiated once per backend memory.
import type * as tf from "@tensorflow/tfjs";

/** The parts of tfjs' BackendWasm we use (not in its public typings). */
export type WasmBackend = {
  wasm: { HEAPF32: Float32Array; asm?: { memory?: WebAssembly.Memory } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: "float32" | "int32"): tf.TensorInfo;
  disposeData(dataId: object): boolean;
};

/** The backend a wasm kernel function was given, typed. */
export function asWasmBackend(backend: unknown): WasmBackend {
  return backend as WasmBackend;
}

/** The byte address of a tensor's data on the wasm heap. */
export function heapPointer(backend: WasmBackend, t: tf.TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset;
}

/** The backend's WebAssembly.Memory (the heap our modules import). */
export function wasmMemory(backend: WasmBackend): WebAssembly.Memory {
  const memory = backend.wasm.asm?.memory;
  if (!memory) throw new Error("the wasm backend exposes no memory");
  return memory;
}

/** A live float32 view of `count` elements at a byte address (take it after the last allocation). */
export function heapView(backend: WasmBackend, pointer: number, count: number): Float32Array {
  return backend.wasm.HEAPF32.subarray(pointer >>> 2, (pointer >>> 2) + count);
}

/** A live int32 view of `count` elements at a byte address (labels; take it after the last allocation). */
export function heapInt32View(backend: WasmBackend, pointer: number, count: number): Int32Array {
  return new Int32Array(backend.wasm.HEAPF32.buffer, pointer, count);
}

/**
 * `run` of a module (bytes made once) instantiated on `memory`, cached per memory: one compile per
 * module and process, and the same export every call.
 */
export function moduleExport<F>(cache: WeakMap<WebAssembly.Memory, F>, memory: WebAssembly.Memory, bytes: () => Uint8Array<ArrayBuffer>): F {
  let run = cache.get(memory);
  if (!run) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes()), { env: { memory } });
    run = instance.exports["run"] as F;
    cache.set(memory, run);
  }
  return run;
}

/**
 * `run` of the module for one shape (`key`; bytes made on first use) instantiated on `memory`,
 * cached per memory and key: the modules with shape constants baked in.
 */
export function shapedModuleExport<F>(cache: WeakMap<WebAssembly.Memory, Map<string, F>>, memory: WebAssembly.Memory, key: string, bytes: () => Uint8Array<ArrayBuffer>): F {
  let byKey = cache.get(memory);
  if (!byKey) cache.set(memory, (byKey = new Map()));
  let run = byKey.get(key);
  if (!run) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes()), { env: { memory } });
    byKey.set(key, (run = instance.exports["run"] as F));
  }
  return run;
}

/** Frees scratch buffers a kernel made with makeOutput and does not return. */
export function freeScratch(backend: WasmBackend, infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
