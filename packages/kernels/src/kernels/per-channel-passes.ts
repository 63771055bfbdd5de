// Running the per-channel SIMD programs (per-channel-simd-module.ts) on the tfjs wasm heap: one
// instance per program and backend memory, and reductions split into blocks of pixels.
import { perChannelModuleBytes, type PerChannelProgram } from "../training/per-channel-simd-module.js";
import { moduleExport, wasmMemory, type WasmBackend } from "./wasm-backend.js";

type PassRun = (...pointersThenPixelsAndChannels: number[]) => void;

const caches = new Map<PerChannelProgram, WeakMap<WebAssembly.Memory, PassRun>>();
/** The program's run function on this backend's memory. */
export function pass(wasm: WasmBackend, program: PerChannelProgram): PassRun {
  let cache = caches.get(program);
  if (!cache) caches.set(program, (cache = new WeakMap()));
  return moduleExport(cache, wasmMemory(wasm), () => perChannelModuleBytes(program));
}

/** Reductions run over blocks of this many pixels, each summed in float32 and then added up: the error grows with the block, not the batch. */
const BLOCK_PIXELS = 1024;

export function blockwise(pixels: number, channels: number, run: (byteOffset: number, count: number) => void): void {
  for (let p = 0; p < pixels; p += BLOCK_PIXELS) run(p * channels * 4, Math.min(BLOCK_PIXELS, pixels - p));
}
