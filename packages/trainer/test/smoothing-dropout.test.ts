import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Rng, seededDropout, softmaxCrossEntropy } from "../src/index.js";
import { useWasm } from "./helpers/backend.js";
import { randoms } from "./helpers/random-values.js";

// Label smoothing (the training loss) and seeded dropout (the transformers' and CNNs' masks).

describe("label smoothing", () => {
  beforeAll(useWasm);

  it("is cross-entropy against (1 - e) onehot + e / C, with the matching gradient", async () => {
    const [n, c, e] = [6, 5, 0.1];
    const logits = tf.tensor2d(randoms(n * c, 3, 4), [n, c]);
    const labels = tf.tensor1d([0, 1, 2, 3, 4, 0], "int32");
    const z = (await logits.array()) as number[][];
    const y = (await labels.array()) as number[];
    let expected = 0;
    const expectedGrad: number[][] = [];
    z.forEach((row, i) => {
      const lse = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
      const target = row.map((_, j) => (j === y[i] ? 1 - e : 0) + e / c);
      expected -= target.reduce((a, t, j) => a + t * (row[j]! - lse), 0) / n;
      expectedGrad.push(row.map((v, j) => (Math.exp(v - lse) - target[j]!) / n));
    });
    const value = softmaxCrossEntropy(logits, labels, undefined, e);
    expect((await value.data())[0]).toBeCloseTo(expected, 5);
    const grad = tf.grad((x: tf.Tensor) => softmaxCrossEntropy(x as tf.Tensor2D, labels, undefined, e))(logits);
    ((await grad.array()) as number[][]).forEach((row, i) => row.forEach((g, j) => expect(g).toBeCloseTo(expectedGrad[i]![j]!, 6)));
    // e = 0 is plain cross-entropy
    const plain = (await softmaxCrossEntropy(logits, labels).data())[0]!;
    expect((await softmaxCrossEntropy(logits, labels, undefined, 0).data())[0]).toBe(plain);
    tf.dispose([logits, labels, value, grad]);
  });
});

describe("seeded dropout", () => {
  beforeAll(useWasm);

  it("drops about `rate` of the units, scales the rest by 1 / (1 - rate), and repeats exactly from the same stream state", async () => {
    const x = tf.ones([200, 50]);
    const a = await seededDropout(0.3, new Rng(9, 3))(x, "s").data();
    const b = await seededDropout(0.3, new Rng(9, 3))(x, "s").data();
    expect([...a]).toEqual([...b]);
    const zeros = a.filter((v) => v === 0).length / a.length;
    expect(zeros).toBeGreaterThan(0.27);
    expect(zeros).toBeLessThan(0.33);
    expect(a.filter((v) => v !== 0).every((v) => Math.abs(v - 1 / 0.7) < 1e-6)).toBe(true);
    const rng = new Rng(9, 3);
    const drop = seededDropout(0.3, rng);
    const first = await drop(x, "s").data();
    const second = await drop(x, "s").data();
    expect([...first]).not.toEqual([...second]); // a fresh mask per call
    x.dispose();
  });
});
