// Why: to see how close the conv and matmul passes of a training step run to this CPU's wasm SIMD
// peak (wasm-simd-peak.ts): this times each pass alone on ResNet-20's and the MLP's shapes, batch
// 128, next to XNNPACK's conv2d / matMul and tfjs' transposed convolution.
//
// npx tsx packages/kernels/bench/bench-conv-passes.ts [--reps 5] [--batch 128]
// Prints GFLOP/s (CPU time of this process, median of the repetitions) per pass and shape, then
// one JSON line.
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { conv2dFilterGrad, conv2dInputGrad, conv2dWithGrad, loadBackend, matMul, sameConv2dAttrs } from "../src/index.js";

const { values } = parseArgs({ options: { reps: { type: "string", default: "5" }, batch: { type: "string", default: "128" } } });
await loadBackend("wasm");
const reps = Number(values.reps);
const batch = Number(values.batch);

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Median CPU ms of `run` (its result disposed), after three warm-up calls (V8 tiers a new module up after its first calls). */
function time(run: () => tf.Tensor): number {
  for (let i = 0; i < 3; i++) run().dispose();
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = cpuMs();
    const out = run();
    samples.push(cpuMs() - t0);
    out.dispose();
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

const random = (shape: number[]) => tf.randomUniform(shape, -1, 1, "float32", 1);
// ResNet-20's 3x3 convolutions: stage 1 at 32x32x16, stage 2 at 16x16x32, stage 3 at 8x8x64, and
// the downsampling (stride 2) into stage 2; then first layers, whose input gradient training
// never computes (the input is data): ResNet's stem, the small CNN's and mnist-cnn's.
const SHAPES = [
  { name: "32x32, 16->16", h: 32, cin: 16, cout: 16, stride: 1, k: 3 },
  { name: "16x16, 32->32", h: 16, cin: 32, cout: 32, stride: 1, k: 3 },
  { name: "8x8, 64->64", h: 8, cin: 64, cout: 64, stride: 1, k: 3 },
  { name: "32x32, 16->32, stride 2", h: 32, cin: 16, cout: 32, stride: 2, k: 3 },
  { name: "32x32, 3->16 (stem)", h: 32, cin: 3, cout: 16, stride: 1, k: 3, firstLayer: true },
  { name: "28x28, 1->16 (CNN)", h: 28, cin: 1, cout: 16, stride: 1, k: 3, firstLayer: true },
  { name: "28x28, 1->32, 5x5 (mnist-cnn)", h: 28, cin: 1, cout: 32, stride: 1, k: 5, firstLayer: true },
];
const rows: Array<{ pass: string; shape: string; ms: number; gflops: number }> = [];
const record = (pass: string, shape: string, flops: number, run: () => tf.Tensor) => {
  const ms = time(run);
  const gflops = flops / (ms / 1000) / 1e9;
  rows.push({ pass, shape, ms: Number(ms.toFixed(1)), gflops: Number(gflops.toFixed(1)) });
  console.log(`${pass.padEnd(46)} ${shape.padEnd(24)} ${ms.toFixed(1).padStart(7)} ms  ${gflops.toFixed(1).padStart(5)} GFLOP/s`);
};
for (const s of SHAPES) {
  const ho = s.h / s.stride;
  const x = random([batch, s.h, s.h, s.cin]) as tf.Tensor4D;
  const w = random([s.k, s.k, s.cin, s.cout]) as tf.Tensor4D;
  const dy = random([batch, ho, ho, s.cout]) as tf.Tensor4D;
  const attrs = sameConv2dAttrs(s.h, s.h, s.k, s.stride);
  const flops = 2 * batch * ho * ho * s.k * s.k * s.cin * s.cout;
  record("forward, XNNPACK (tf.conv2d)", s.name, flops, () => tf.conv2d(x, w, s.stride, "same"));
  record("forward, GemSweepConv2D", s.name, flops, () => conv2dWithGrad(x, w, attrs));
  if (!s.firstLayer) record("input gradient, GemSweepConv2DInputGrad", s.name, flops, () => conv2dInputGrad(dy, w, attrs, x.shape));
  if (s.stride === 2) record("input gradient, tfjs (tf.conv2dTranspose)", s.name, flops, () => tf.conv2dTranspose(dy, w, x.shape, 2, "same"));
  record("filter gradient, GemSweepConv2DFilterGrad", s.name, flops, () => conv2dFilterGrad(x, dy, { k: s.k, stride: s.stride, padTop: attrs.padTop, padLeft: attrs.padLeft }));
  tf.dispose([x, w, dy]);
}
// the MLP's first layer and its weight gradient (A^T B)
const [xm, wm, dym] = [random([batch, 784]) as tf.Tensor2D, random([784, 256]) as tf.Tensor2D, random([batch, 256]) as tf.Tensor2D];
const mlpFlops = 2 * batch * 784 * 256;
record("matMul, XNNPACK (tf.matMul)", "128x784 by 784x256", mlpFlops, () => tf.matMul(xm, wm));
record("matMul, GemSweepMatMul", "128x784 by 784x256", mlpFlops, () => matMul(xm, wm));
record("matMul A^T B, GemSweepMatMul", "(128x784)^T by 128x256", mlpFlops, () => matMul(xm, dym, true));
tf.dispose([xm, wm, dym]);
console.log(JSON.stringify({ batch, rows }));
