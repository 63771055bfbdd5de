// A zero-padded copy of an NHWC tensor on the wasm heap: the direct and Winograd convolutions read
// their input through one, so that no tap needs a bounds check.
import type * as tf from "@tensorflow/tfjs";
import { heapPointer, type WasmBackend } from "./wasm-backend.js";

/**
 * A zeroed [b, h + top + bottom, w + left + right, c] copy of t on the heap (a scratch tensor to
 * free), row by row with copyWithin (memmove).
 */
export function paddedCopy(wasm: WasmBackend, t: tf.TensorInfo, top: number, bottom: number, left: number, right: number): { info: tf.TensorInfo; rows: number; cols: number } {
  const [b, h, w, c] = t.shape as [number, number, number, number];
  const [rows, cols] = [h + top + bottom, w + left + right];
  const info = wasm.makeOutput([b, rows, cols, c], "float32");
  const heap = wasm.wasm.HEAPF32;
  const [src, dst] = [heapPointer(wasm, t) >>> 2, heapPointer(wasm, info) >>> 2];
  heap.fill(0, dst, dst + b * rows * cols * c);
  for (let n = 0; n < b; n++) {
    for (let y = 0; y < h; y++) {
      const from = src + (n * h + y) * w * c;
      heap.copyWithin(dst + ((n * rows + y + top) * cols + left) * c, from, from + w * c);
    }
  }
  return { info, rows, cols };
}

