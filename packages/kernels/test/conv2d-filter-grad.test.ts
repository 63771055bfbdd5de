// GemSweepConv2DFilterGrad on each backend that has it (wasm: the SIMD module; cpu: the JS loop;
// webgpu: the split-K WGSL programs) against tfjs' own Conv2DBackpropFilter on the cpu backend, over
// strides, paddings and channel counts that exercise every tile of the SIMD module and its JS
// fallback, and on webgpu slices that cross images and a single-slice gradient (8 pixels).
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { conv2dFilterGrad, loadBackend } from "../src/index.js";
import { filterGradModuleBytes } from "../src/training/conv2d-filter-grad-simd-module.js";
import { filterGradLayout } from "../src/training/conv2d-filter-grad-wgsl.js";
import { testBackends } from "./backends.js";
import { randoms } from "./random-values.js";

const backends = await testBackends();

interface Case {
  name: string;
  x: [number, number, number, number];
  k: number;
  cout: number;
  stride: number;
  /** [top, bottom, left, right] */
  pad: [number, number, number, number];
}

const CASES: Case[] = [
  { name: "3x3 'same', stride 1, cin 8, cout 16 (4 x 8 tiles)", x: [2, 7, 6, 8], k: 3, cout: 16, stride: 1, pad: [1, 1, 1, 1] },
  { name: "3x3 'same', stride 2, cin 4, cout 12 (a 4 x 4 tile after the 4 x 8 ones)", x: [2, 8, 9, 4], k: 3, cout: 12, stride: 2, pad: [0, 1, 1, 1] },
  { name: "the stem: cin 3 (one 3-channel block), cout 16", x: [3, 6, 5, 3], k: 3, cout: 16, stride: 1, pad: [1, 1, 1, 1] },
  { name: "cin 1, 3x3 'same' (the taps of a filter row as channels), cout 16", x: [2, 7, 6, 1], k: 3, cout: 16, stride: 1, pad: [1, 1, 1, 1] },
  { name: "cin 1, 5x5 'same' (5 taps: a block of 4 and 1), cout 12", x: [2, 6, 7, 1], k: 5, cout: 12, stride: 1, pad: [2, 2, 2, 2] },
  { name: "cin 1, 3x3 'valid' (no padded rows)", x: [2, 6, 5, 1], k: 3, cout: 8, stride: 1, pad: [0, 0, 0, 0] },
  { name: "cin 1, 3x3, x has a row and a column no tap reads (the per-tap path)", x: [1, 6, 6, 1], k: 3, cout: 8, stride: 1, pad: [0, -1, 0, -1] },
  { name: "cin 1, stride 2 (the per-tap path)", x: [2, 7, 7, 1], k: 3, cout: 8, stride: 2, pad: [1, 1, 1, 1] },
  { name: "19 rows of 32x(16+16) channels: several L1 row blocks, the last one short", x: [1, 19, 32, 16], k: 3, cout: 16, stride: 1, pad: [1, 1, 1, 1] },
  { name: "cin 6 (a block of 4, then a block of 2), cout 20", x: [1, 5, 5, 6], k: 3, cout: 20, stride: 1, pad: [1, 1, 1, 1] },
  { name: "cout 6 (not a multiple of 4: the JS loop)", x: [2, 5, 4, 5], k: 3, cout: 6, stride: 1, pad: [1, 1, 1, 1] },
  { name: "1x1, stride 2, no padding", x: [2, 6, 6, 8], k: 1, cout: 8, stride: 2, pad: [0, 0, 0, 0] },
  { name: "5x5 with padding 2, and a tap that sees no pixel of a 2x2 image", x: [2, 2, 2, 4], k: 5, cout: 8, stride: 1, pad: [2, 2, 2, 2] },
];

/** tfjs' own filter gradient of sum(conv2d(x, f) * dy), on the cpu backend, and the dy used. */
async function reference(c: Case): Promise<{ x: Float32Array; dy: Float32Array; dyShape: number[]; dw: Float32Array }> {
  await loadBackend("cpu");
  const x = tf.tensor4d(randoms(c.x.reduce((a, b) => a * b), 1), c.x);
  const f = tf.tensor4d(randoms(c.k * c.k * c.x[3] * c.cout, 2), [c.k, c.k, c.x[3], c.cout]);
  const [t, b, l, r] = c.pad;
  const conv = (ff: tf.Tensor4D) => tf.conv2d(x, ff, c.stride, [[0, 0], [t, b], [l, r], [0, 0]]);
  const y = conv(f);
  const dy = tf.tensor(randoms(y.size, 3), y.shape);
  const dw = tf.grad((ff: tf.Tensor) => tf.sum(tf.mul(conv(ff as tf.Tensor4D), dy)))(f);
  const out = { x: (await x.data()) as Float32Array, dy: (await dy.data()) as Float32Array, dyShape: y.shape, dw: (await dw.data()) as Float32Array };
  tf.dispose([x, f, y, dy, dw]);
  return out;
}

describe("the convolution filter gradient kernel", () => {
  it("the wasm SIMD module is valid WebAssembly", () => {
    expect(WebAssembly.validate(filterGradModuleBytes())).toBe(true);
  });

  it("webgpu's slicing: several slices of at least 32 pixels, one when the pixels are few", () => {
    expect(filterGradLayout(3 * 3 * 8 * 16, 2 * 7 * 6)).toMatchObject({ slices: 3, pixelsPerSlice: 28 }); // 28, 56: inside the second image
    expect(filterGradLayout(5 * 5 * 4 * 8, 2 * 2 * 2).slices).toBe(1);
    expect(filterGradLayout(3 * 3 * 64 * 64, 128 * 8 * 8)).toMatchObject({ slices: 8, pixelsPerSlice: 1024 });
  });

  for (const backend of backends) {
    for (const c of CASES) {
      it(`${backend}: ${c.name}`, async () => {
        const ref = await reference(c);
        await loadBackend(backend);
        const x = tf.tensor4d(ref.x, c.x);
        const dy = tf.tensor4d(ref.dy, ref.dyShape as [number, number, number, number]);
        const dw = conv2dFilterGrad(x, dy, { k: c.k, stride: c.stride, padTop: c.pad[0], padLeft: c.pad[2] });
        expect(dw.shape).toEqual([c.k, c.k, c.x[3], c.cout]);
        const got = (await dw.data()) as Float32Array;
        const scale = ref.dw.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        const bad = [...got].findIndex((v, i) => !(Math.abs(v - ref.dw[i]!) <= 1e-5 * scale));
        expect(bad, bad < 0 ? "" : `element ${bad}: ${got[bad]} vs ${ref.dw[bad]}`).toBe(-1);
        tf.dispose([x, dy, dw]);
      });
    }
  }
});
