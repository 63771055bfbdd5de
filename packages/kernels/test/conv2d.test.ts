// GemSweepConv2D, its registered gradient and GemSweepConv2DInputGrad on each backend that has
// them (wasm: the direct SIMD convolution, one per stride phase for dx; cpu: the JS loops) against
// tfjs' own conv2d and its gradients on the cpu backend.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { conv2dWithGrad, loadBackend, type Conv2dAttrs } from "../src/index.js";
import { directConvModuleBytes } from "../src/training/direct-conv-simd-module.js";
import { randoms } from "./random-values.js";

interface Case {
  name: string;
  x: [number, number, number, number];
  k: number;
  cout: number;
  attrs: Conv2dAttrs;
}
const pad = (stride: number, top: number, bottom: number, left: number, right: number): Conv2dAttrs => ({ stride, padTop: top, padBottom: bottom, padLeft: left, padRight: right });

const CASES: Case[] = [
  { name: "3x3 'same', stride 1, 8 -> 16 channels (4-pixel tiles and a 2-pixel rest)", x: [2, 6, 6, 8], k: 3, cout: 16, attrs: pad(1, 1, 1, 1, 1) },
  { name: "3x3 'same', stride 2 (ResNet's downsampling: pad 0 before, 1 after), 4 -> 12", x: [2, 8, 8, 4], k: 3, cout: 12, attrs: pad(2, 0, 1, 0, 1) },
  { name: "3x3, stride 2, odd input, pad 1 each side", x: [1, 7, 9, 8], k: 3, cout: 8, attrs: pad(2, 1, 1, 1, 1) },
  { name: "the stem: 3 input channels (dx: the JS loop), 16 out", x: [2, 5, 6, 3], k: 3, cout: 16, attrs: pad(1, 1, 1, 1, 1) },
  { name: "6 output channels (forward: the JS loop)", x: [2, 5, 5, 4], k: 3, cout: 6, attrs: pad(1, 1, 1, 1, 1) },
  { name: "1x1, stride 2, no padding (dx: positions no tap reaches stay zero)", x: [2, 6, 6, 8], k: 1, cout: 8, attrs: pad(2, 0, 0, 0, 0) },
  { name: "5x5, stride 3, uneven padding", x: [2, 11, 10, 4], k: 5, cout: 4, attrs: pad(3, 2, 1, 1, 2) },
  { name: "3x3, no padding ('valid')", x: [2, 6, 7, 4], k: 3, cout: 8, attrs: pad(1, 0, 0, 0, 0) },
];

type Result = { y: Float32Array; dx: Float32Array; dw: Float32Array };

async function run(c: Case, ours: boolean): Promise<Result> {
  const x = tf.tensor4d(randoms(c.x.reduce((a, b) => a * b), 1), c.x);
  const w = tf.tensor4d(randoms(c.k * c.k * c.x[3] * c.cout, 2), [c.k, c.k, c.x[3], c.cout]);
  const { padTop: t, padBottom: b, padLeft: l, padRight: r } = c.attrs;
  const conv = (xx: tf.Tensor, ww: tf.Tensor) =>
    ours ? conv2dWithGrad(xx as tf.Tensor4D, ww as tf.Tensor4D, c.attrs) : tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, c.attrs.stride, [[0, 0], [t, b], [l, r], [0, 0]]);
  const y = conv(x, w);
  const dy = tf.tensor(randoms(y.size, 3), y.shape);
  const [dx, dw] = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(conv(xx, ww), dy)))([x, w]);
  const read = async (t: tf.Tensor) => Float32Array.from(await t.data());
  const out = { y: await read(y), dx: await read(dx!), dw: await read(dw!) };
  tf.dispose([x, w, y, dy, dx!, dw!]);
  return out;
}

describe("the convolution kernels", () => {
  it("the direct convolution module is valid WebAssembly", () => {
    const shape = { kh: 3, kw: 3, stride: 1, cin: 4, cout: 8, inRows: 6, inCols: 6, outRows: 4, outCols: 4, outImageStep: 16, outRowStep: 4, outColStep: 1 };
    expect(WebAssembly.validate(directConvModuleBytes(shape))).toBe(true);
  });

  for (const backend of ["wasm", "cpu"] as const) {
    for (const c of CASES) {
      it(`${backend}: ${c.name}: output, dx and dW match tfjs' conv2d`, async () => {
        await loadBackend("cpu");
        const reference = await run(c, false);
        await loadBackend(backend);
        const ours = await run(c, true);
        for (const key of ["y", "dx", "dw"] as const) {
          expect(ours[key].length, key).toBe(reference[key].length);
          const scale = reference[key].reduce((m, v) => Math.max(m, Math.abs(v)), 0);
          const bad = [...ours[key]].findIndex((v, i) => !(Math.abs(v - reference[key][i]!) <= 1e-5 * scale));
          expect(bad, bad < 0 ? "" : `${key}[${bad}]: ${ours[key][bad]} vs ${reference[key][bad]}`).toBe(-1);
        }
      });
    }
  }
});
