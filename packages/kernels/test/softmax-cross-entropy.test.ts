// GemSweepSoftmaxCrossEntropy on wasm and cpu against the loss and gradient written out in
// float64 here: weights, label smoothing, a label with no class, and the error cases.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { loadBackend, softmaxCrossEntropyWithGrad } from "../src/index.js";
import { randoms } from "./random-values.js";

interface Case {
  rows: number;
  classes: number;
  smoothing: number;
  weights?: number[];
  /** labels[i] = this(i); default i % classes */
  label?: (i: number) => number;
}

/** The loss and d loss / d z in float64, straight from the definition. */
function expected(z: Float32Array, labels: number[], weights: number[] | undefined, classes: number, e: number): { loss: number; grad: number[] } {
  const w = labels.map((_, i) => weights?.[i] ?? 1);
  const total = Math.max(w.reduce((a, b) => a + b, 0), 1e-12);
  let loss = 0;
  const grad: number[] = [];
  labels.forEach((label, i) => {
    const row = [...z.subarray(i * classes, (i + 1) * classes)];
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0));
    const target = row.map((_, c) => (c === label ? 1 - e : 0) + e / classes);
    loss -= (w[i]! * target.reduce((a, t, c) => a + t * (row[c]! - lse), 0)) / total;
    row.forEach((v, c) => grad.push(((Math.exp(v - lse) - target[c]!) * w[i]!) / total));
  });
  return { loss, grad };
}

async function run(c: Case, seed: number): Promise<{ loss: number; grad: number[]; expected: { loss: number; grad: number[] } }> {
  const z = randoms(c.rows * c.classes, seed, 8);
  const labels = Array.from({ length: c.rows }, (_, i) => (c.label ? c.label(i) : i % c.classes));
  const [logits, labelTensor] = [tf.tensor2d(z, [c.rows, c.classes]), tf.tensor1d(labels, "int32")];
  const weights = c.weights ? tf.tensor1d(c.weights) : undefined;
  const [loss, grad] = softmaxCrossEntropyWithGrad(logits, labelTensor, weights, c.smoothing);
  const out = { loss: (await loss.data())[0]!, grad: [...(await grad.data())], expected: expected(z, labels, c.weights, c.classes, c.smoothing) };
  tf.dispose([logits, labelTensor, loss, grad, ...(weights ? [weights] : [])]);
  return out;
}

const CASES: Array<[string, Case]> = [
  ["a classifier batch [128, 10]", { rows: 128, classes: 10, smoothing: 0 }],
  ["CIFAR-100's 100 classes, label smoothing 0.1", { rows: 16, classes: 100, smoothing: 0.1 }],
  ["weights (one of them 0)", { rows: 7, classes: 3, smoothing: 0, weights: [1, 0, 2, 0.5, 1, 1, 3] }],
  ["a label outside the classes (no hard target), smoothing 0.2", { rows: 5, classes: 4, smoothing: 0.2, label: (i) => (i === 2 ? -1 : i % 4) }],
];

describe("the softmax cross-entropy kernel", () => {
  for (const [name, c] of CASES) {
    it(`${name}: loss and gradient match the float64 definition on wasm and cpu, and each other exactly`, async () => {
      const got: Array<Awaited<ReturnType<typeof run>>> = [];
      for (const backend of ["wasm", "cpu"] as const) {
        await loadBackend(backend);
        const r = await run(c, 11);
        expect(Math.abs(r.loss - r.expected.loss)).toBeLessThan(1e-6 * Math.max(1, Math.abs(r.expected.loss)));
        r.grad.forEach((g, i) => expect(Math.abs(g - r.expected.grad[i]!)).toBeLessThan(1e-7));
        got.push(r);
      }
      // one JS loop on both: the same float32 bits
      expect(got[0]!.loss).toBe(got[1]!.loss);
      expect(got[0]!.grad).toEqual(got[1]!.grad);
    });
  }

  it("makes the loss NaN when a logit is NaN (a diverged step must show)", async () => {
    await loadBackend("wasm");
    const logits = tf.tensor2d([0, 1, Number.NaN, 0.5, 0.2, 0.1], [2, 3]);
    const labels = tf.tensor1d([0, 1], "int32");
    const [loss, grad] = softmaxCrossEntropyWithGrad(logits, labels, undefined, 0);
    expect((await loss.data())[0]).toBeNaN();
    tf.dispose([logits, labels, loss, grad]);
  });

  it("gives loss 0 and a zero gradient when every weight is 0 (no position counts)", async () => {
    await loadBackend("wasm");
    const logits = tf.tensor2d([0, 1, 2, 0.5, 0.2, 0.1], [2, 3]);
    const labels = tf.tensor1d([0, 1], "int32");
    const weights = tf.tensor1d([0, 0]);
    const [loss, grad] = softmaxCrossEntropyWithGrad(logits, labels, weights, 0);
    expect((await loss.data())[0]).toBe(0);
    expect([...(await grad.data())].every((g) => g === 0)).toBe(true);
    tf.dispose([logits, labels, weights, loss, grad]);
  });

  it("names the input whose shape does not fit", async () => {
    await loadBackend("wasm");
    const logits = tf.zeros([4, 3]) as tf.Tensor2D;
    const labels = tf.tensor1d([0, 1, 2], "int32");
    expect(() => softmaxCrossEntropyWithGrad(logits, labels, undefined, 0)).toThrow("GemSweepSoftmaxCrossEntropy: labels must be int32 [4], got int32 [3]");
    tf.dispose([logits, labels]);
  });
});
