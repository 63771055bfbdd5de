// GemSweepDownsampleShortcut and its gradient on each backend that has them (wasm, cpu): the output
// against the same shortcut composed from tfjs ops (strided slice, pad) on cpu, the gradient
// against the routing written out here (tfjs has no StridedSlice gradient).
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { downsampleShortcut, loadBackend, type DownsampleShortcutAttrs } from "../src/index.js";
import { randoms } from "./random-values.js";

const CASES: Array<{ name: string; shape: [number, number, number, number]; attrs: DownsampleShortcutAttrs }> = [
  { name: "ResNet's 16 -> 32 channels, 32x32 -> 16x16", shape: [2, 32, 32, 16], attrs: { stride: 2, padBefore: 8, padAfter: 8 } },
  { name: "odd sizes, uneven channel padding", shape: [3, 7, 5, 3], attrs: { stride: 2, padBefore: 1, padAfter: 2 } },
  { name: "stride 1, no padding (a copy)", shape: [1, 4, 4, 4], attrs: { stride: 1, padBefore: 0, padAfter: 0 } },
];

/** The reference: tfjs ops forward; dx[b, s y, s x, c] = r[b, y, x, padBefore + c], zero elsewhere. */
async function reference(shape: number[], a: DownsampleShortcutAttrs): Promise<{ y: Float32Array; dx: Float32Array }> {
  const [b, h, w, c] = shape as [number, number, number, number];
  const x = tf.tensor4d(randoms(b * h * w * c, 1), [b, h, w, c]);
  const y = tf.pad(tf.stridedSlice(x, [0, 0, 0, 0], [b, h, w, c], [1, a.stride, a.stride, 1]), [[0, 0], [0, 0], [0, 0], [a.padBefore, a.padAfter]]);
  const [, ho, wo, cy] = y.shape as number[];
  const r = randoms(y.size, 2);
  const dx = new Float32Array(b * h * w * c);
  for (let n = 0; n < b; n++) {
    for (let oy = 0; oy < ho!; oy++) {
      for (let ox = 0; ox < wo!; ox++) {
        for (let ch = 0; ch < c; ch++) dx[((n * h + oy * a.stride) * w + ox * a.stride) * c + ch] = r[((n * ho! + oy) * wo! + ox) * cy! + a.padBefore + ch]!;
      }
    }
  }
  const out = { y: Float32Array.from(await y.data()), dx };
  tf.dispose([x, y]);
  return out;
}

async function ours(shape: number[], a: DownsampleShortcutAttrs): Promise<{ y: Float32Array; dx: Float32Array }> {
  const x = tf.tensor4d(randoms(shape.reduce((p, q) => p * q), 1), shape as [number, number, number, number]);
  const y = downsampleShortcut(x, a);
  const r = tf.tensor(randoms(y.size, 2), y.shape);
  const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(downsampleShortcut(xx as tf.Tensor4D, a), r)))(x);
  const out = { y: Float32Array.from(await y.data()), dx: Float32Array.from(await dx.data()) };
  tf.dispose([x, y, r, dx]);
  return out;
}

describe("the option-A shortcut kernel", () => {
  for (const backend of ["wasm", "cpu"] as const) {
    for (const c of CASES) {
      it(`${backend}: ${c.name}: output and gradient equal tfjs' strided slice + pad`, async () => {
        await loadBackend("cpu");
        const expected = await reference(c.shape, c.attrs);
        await loadBackend(backend);
        const got = await ours(c.shape, c.attrs);
        expect([...got.y]).toEqual([...expected.y]);
        expect([...got.dx]).toEqual([...expected.dx]);
      });
    }
  }
});
