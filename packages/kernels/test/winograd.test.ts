// Winograd's F(2x2, 3x3) on the wasm backend: the 3x3 stride-1 convolutions with even output
// sizes (ResNet's and the CNN's) run their forward pass, input gradient and filter gradient
// through it; each must match the cpu backend's JS loops, including blocks of tile rows with a
// short last one, 'valid' padding and channel counts that are not multiples of 8.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { conv2dFilterGrad, conv2dWithGrad, loadBackend, type Conv2dAttrs } from "../src/index.js";
import type { DirectConvShape } from "../src/training/direct-conv-simd-module.js";
import { winogradApplies, winogradFilterGradTransform, winogradFilterTransform } from "../src/training/winograd.js";
import { randoms } from "./random-values.js";

interface Case {
  name: string;
  x: [number, number, number, number];
  cout: number;
  pad: number;
}

const CASES: Case[] = [
  { name: "'same', 8 -> 16 channels, 6x8 images", x: [2, 6, 8, 8], cout: 16, pad: 1 },
  { name: "'same', 12 -> 4 channels (a 4-column panel), 4x4 images", x: [3, 4, 4, 12], cout: 4, pad: 1 },
  { name: "'valid' (pad 0): 10x8 in, 8x6 out", x: [2, 10, 8, 4], cout: 8, pad: 0 },
  // 64 + 64 channels over 16 tiles a row: 2 tile rows a block, so 15 tile rows end on a short block
  { name: "64 -> 64 channels, 30x32: blocks of 2 tile rows, the last one short", x: [1, 30, 32, 64], cout: 64, pad: 1 },
];

const attrsOf = (pad: number): Conv2dAttrs => ({ stride: 1, padTop: pad, padBottom: pad, padLeft: pad, padRight: pad });

/** y, dx and dW of the case's convolution on one backend (dW both through tf.grads and the kernel alone). */
async function passes(c: Case, backend: "wasm" | "cpu"): Promise<Record<"y" | "dx" | "dw" | "dwKernel", Float32Array>> {
  await loadBackend(backend);
  const x = tf.tensor4d(randoms(c.x.reduce((a, b) => a * b), 11), c.x);
  const w = tf.tensor4d(randoms(9 * c.x[3] * c.cout, 12), [3, 3, c.x[3], c.cout]);
  const conv = (xx: tf.Tensor, ww: tf.Tensor) => conv2dWithGrad(xx as tf.Tensor4D, ww as tf.Tensor4D, attrsOf(c.pad));
  const y = conv(x, w);
  const dy = tf.tensor4d(randoms(y.size, 13), y.shape as [number, number, number, number]);
  const [dx, dw] = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(conv(xx, ww), dy)))([x, w]);
  const dwKernel = conv2dFilterGrad(x, dy, { k: 3, stride: 1, padTop: c.pad, padLeft: c.pad });
  const read = async (t: tf.Tensor) => Float32Array.from(await t.data());
  const out = { y: await read(y), dx: await read(dx!), dw: await read(dw!), dwKernel: await read(dwKernel) };
  tf.dispose([x, w, y, dy, dx!, dw!, dwKernel]);
  return out;
}

/** The largest |ours - reference| over the reference's largest |value|. */
function relativeError(ours: Float32Array, reference: Float32Array): number {
  const scale = reference.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return ours.reduce((m, v, i) => Math.max(m, Math.abs(v - reference[i]!)), 0) / scale;
}

const shape = (over: Partial<DirectConvShape>): DirectConvShape => ({ kh: 3, kw: 3, stride: 1, cin: 8, cout: 8, inRows: 10, inCols: 10, outRows: 8, outCols: 8, outImageStep: 64, outRowStep: 8, outColStep: 1, ...over });

describe("Winograd's F(2x2, 3x3)", () => {
  it("takes 3x3 stride-1 convolutions with even, dense outputs and channels in fours, nothing else", () => {
    expect(winogradApplies(shape({}))).toBe(true);
    expect(winogradApplies(shape({ stride: 2 }))).toBe(false);
    expect(winogradApplies(shape({ kh: 5, kw: 5 }))).toBe(false);
    expect(winogradApplies(shape({ outRows: 7, outImageStep: 56 }))).toBe(false);
    expect(winogradApplies(shape({ cin: 6 }))).toBe(false);
    // a stride phase of a strided input gradient writes every other pixel
    expect(winogradApplies(shape({ outColStep: 2, outRowStep: 16 }))).toBe(false);
  });

  it("the filter transforms: G g G^T of a single tap, and G^T M G undoing the sum a single product makes", () => {
    // g = the centre tap only: G g G^T is the outer product of G's middle column [0, 1/2, -1/2, 0]
    const g = new Float32Array(9);
    g[4] = 1;
    const u = new Float32Array(16);
    winogradFilterTransform(g, 1, 1, u);
    const column = [0, 0.5, -0.5, 0];
    expect([...u]).toEqual(column.flatMap((a) => column.map((b) => a * b + 0)));
    // M = 1 at position (1, 1) only: dW = G^T M G is the outer product of G's row 1 [1/2, 1/2, 1/2]
    const m = new Float32Array(16);
    m[5] = 1;
    const dw = new Float32Array(9);
    winogradFilterGradTransform(m, 1, 1, dw);
    expect([...dw]).toEqual(Array(9).fill(0.25));
  });

  for (const c of CASES) {
    it(`wasm: ${c.name}: output, dx and dW match the cpu backend's loops`, async () => {
      const reference = await passes(c, "cpu");
      const ours = await passes(c, "wasm");
      for (const key of ["y", "dx", "dw", "dwKernel"] as const) {
        expect(ours[key].length, key).toBe(reference[key].length);
        expect(relativeError(ours[key], reference[key]), key).toBeLessThan(2e-5);
      }
    });
  }
});
