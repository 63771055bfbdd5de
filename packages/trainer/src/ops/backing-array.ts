import * as tf from "@tensorflow/tfjs";

// Direct access to a tensor's storage on the CPU-side backends (wasm heap, cpu arrays), so the
// optimizer and the embedding gradient can run one JS pass over it instead of several tfjs ops,
// and the data pipeline can write a batch where the tensor lives.
// Lives in ops/, the lowest layer, because models/ and train/ both use it.

interface WasmBackendLike {
  typedArrayFromHeap(info: { shape: number[]; dtype: string; dataId: object }): Float32Array;
}
interface WasmAllocator {
  makeOutput(shape: number[], dtype: "float32"): tf.TensorInfo;
}
interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } };
}

/** A live Float32Array view of `t`'s data on wasm / cpu, or undefined on other backends. */
export function backingArray(t: tf.Tensor): Float32Array | undefined {
  if (t.dtype !== "float32") return undefined;
  const name = tf.getBackend();
  const backend = tf.backend() as unknown;
  const dataId = (t as unknown as { dataId: object }).dataId;
  if (name === "wasm") return (backend as WasmBackendLike).typedArrayFromHeap({ shape: t.shape, dtype: "float32", dataId });
  if (name === "cpu") {
    const values = (backend as CpuBackendLike).data.get(dataId).values;
    return values instanceof Float32Array ? values : undefined;
  }
  return undefined;
}

/** Whether backingArray works on the current backend. */
export function hasBackingArrays(): boolean {
  const name = tf.getBackend();
  return name === "wasm" || name === "cpu";
}

/**
 * A new float32 tensor of `shape` whose values `fill` writes: on wasm straight into the heap (no
 * JS array and no copy: a CIFAR batch is 1.5 MB), elsewhere into a new array the tensor takes.
 */
export function float32TensorFilledBy(shape: number[], fill: (values: Float32Array) => void): tf.Tensor {
  if (tf.getBackend() === "wasm") {
    const info = (tf.backend() as unknown as WasmAllocator).makeOutput(shape, "float32");
    const t = tf.engine().makeTensorFromTensorInfo(info);
    fill(backingArray(t)!);
    return t;
  }
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  fill(values);
  return tf.tensor(values, shape, "float32");
}
