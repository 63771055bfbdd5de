// Reading tensor values in tests. Only asynchronous reads work on every backend: tfjs-backend-webgpu's
// dataSync() needs OffscreenCanvas, which Node lacks. tf.tidy cannot contain an await, so compute
// inside tidy, return the tensors you need, and read them here (which also disposes them).
import type * as tf from "@tensorflow/tfjs";

/** The values of a float32 tensor; the tensor is disposed. */
export async function read(t: tf.Tensor): Promise<Float32Array> {
  try {
    return Float32Array.from(await t.data());
  } finally {
    t.dispose();
  }
}

/** The values of each tensor of a record (e.g. what a tidy returned), all read; the tensors are disposed. */
export async function readAll<K extends string>(tensors: Record<K, tf.Tensor>): Promise<Record<K, Float32Array>> {
  const keys = Object.keys(tensors) as K[];
  const values = await Promise.all(keys.map((k) => read(tensors[k])));
  return Object.fromEntries(keys.map((k, i) => [k, values[i]])) as Record<K, Float32Array>;
}
