// GemSweepBiasAdd on each backend that has it (wasm: a per-channel SIMD pass; cpu: the JS loop)
// against tf.add on the cpu backend, with its gradient.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { biasAdd, loadBackend } from "../src/index.js";
import { randoms } from "./random-values.js";

/** y = x + bias and tf.grad of sum(y * r) with respect to x and bias. */
async function run(shape: number[], ours: boolean): Promise<{ y: number[]; dx: number[]; dbias: number[] }> {
  const n = shape.reduce((a, b) => a * b, 1);
  const c = shape[shape.length - 1]!;
  const x = tf.tensor(randoms(n, 1), shape);
  const bias = tf.tensor1d(randoms(c, 2));
  const r = tf.tensor(randoms(n, 3), shape);
  const f = (xx: tf.Tensor, bb: tf.Tensor) => (ours ? biasAdd(xx, bb as tf.Tensor1D) : tf.add(xx, bb));
  const y = f(x, bias);
  const [dx, dbias] = tf.grads((xx: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(xx, bb), r)))([x, bias]);
  const out = { y: [...(await y.data())], dx: [...(await dx!.data())], dbias: [...(await dbias!.data())] };
  tf.dispose([x, bias, r, y, dx!, dbias!]);
  return out;
}

describe("the bias add kernel", () => {
  for (const backend of ["wasm", "cpu"] as const) {
    for (const shape of [[2, 28, 28, 16], [3, 5, 32], [128, 10], [4, 6, 3]]) {
      it(`${backend}: [${shape}] + bias equals tf.add, and so do both gradients`, async () => {
        await loadBackend("cpu");
        const expected = await run(shape, false);
        await loadBackend(backend);
        const got = await run(shape, true);
        // x + b rounds the same way everywhere: exact. The bias gradient is a sum (order may differ).
        expect(got.y).toEqual(expected.y);
        expect(got.dx).toEqual(expected.dx);
        got.dbias.forEach((v, i) => expect(v).toBeCloseTo(expected.dbias[i]!, 4));
      });
    }
  }

  it("names the mismatch when the bias does not fit the last axis", async () => {
    await loadBackend("wasm");
    const x = tf.zeros([2, 8]);
    const bias = tf.zeros([4]) as tf.Tensor1D;
    expect(() => biasAdd(x, bias)).toThrow("GemSweepBiasAdd: bias [4] does not match x's last axis 8");
    tf.dispose([x, bias]);
  });
});
