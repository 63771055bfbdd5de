// On wasm, tfjs' Identity (every clone, and every input a gradient saves) shares the tensor's
// storage under a reference count instead of copying it, as on cpu: the clone outlives its source,
// and gradients that read saved inputs are unchanged.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { conv2dWithGrad, loadBackend } from "../src/index.js";
import { heapPointer, type WasmBackend } from "../src/kernels/wasm-backend.js";
import { randoms } from "./random-values.js";

const pointerOf = (t: tf.Tensor) => heapPointer(tf.backend() as unknown as WasmBackend, t);

describe("Identity on wasm", () => {
  it("a clone shares its source's heap storage and keeps its values when the source is disposed", async () => {
    await loadBackend("wasm");
    const x = tf.tensor1d([1, 2, 3, 4, 5]);
    const y = tf.clone(x);
    expect(pointerOf(y)).toBe(pointerOf(x));
    x.dispose();
    // the storage is still referenced by y: allocating more must not reuse it
    const z = tf.fill([5], 9);
    expect(Array.from(await y.data())).toEqual([1, 2, 3, 4, 5]);
    tf.dispose([y, z]);
  });

  it("a convolution's gradients (inputs saved through Identity) equal the cpu backend's", async () => {
    const grads = async (backend: "wasm" | "cpu") => {
      await loadBackend(backend);
      const x = tf.tensor4d(randoms(2 * 6 * 6 * 8, 21), [2, 6, 6, 8]);
      const w = tf.tensor4d(randoms(9 * 8 * 8, 22), [3, 3, 8, 8]);
      const attrs = { stride: 1, padTop: 1, padBottom: 1, padLeft: 1, padRight: 1 };
      const [dx, dw] = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.square(conv2dWithGrad(xx as tf.Tensor4D, ww as tf.Tensor4D, attrs))))([x, w]);
      const out = [Float32Array.from(await dx!.data()), Float32Array.from(await dw!.data())];
      tf.dispose([x, w, dx!, dw!]);
      return out;
    };
    const reference = await grads("cpu");
    const before = tf.memory().numTensors;
    const ours = await grads("wasm");
    expect(tf.memory().numTensors).toBe(before);
    ours.forEach((values, i) => {
      const scale = reference[i]!.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(values.every((v, j) => Math.abs(v - reference[i]![j]!) <= 2e-5 * scale)).toBe(true);
    });
  });
});
