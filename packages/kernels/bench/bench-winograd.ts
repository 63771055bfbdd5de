// Why: the wasm kernels run 3x3 stride-1 convolutions by Winograd's F(2x2, 3x3) instead of the
// direct convolution; this times both on the same heap buffers, per shape, so the gain (or loss)
// per layer size is a measurement, not an estimate.
//
// npx tsx packages/kernels/bench/bench-winograd.ts [--reps 15] [--batch 128]
// Prints, per shape, the median wall ms of the forward pass each way (the input gradient of a
// stride-1 3x3 convolution is the same computation), then one JSON line. Wall time: CPU time
// would also count V8's background compilation of the new modules.
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { loadBackend } from "../src/index.js";
import { paddedCopy } from "../src/kernels/padded-copy.js";
import { asWasmBackend, freeScratch, heapPointer, wasmMemory } from "../src/kernels/wasm-backend.js";
import { winogradConv } from "../src/kernels/winograd-conv.js";
import { directConvModuleBytes, type DirectConvRun, type DirectConvShape } from "../src/training/direct-conv-simd-module.js";

const { values } = parseArgs({ options: { reps: { type: "string", default: "15" }, batch: { type: "string", default: "128" } } });
await loadBackend("wasm");
const wasm = asWasmBackend(tf.backend());
const [reps, batch] = [Number(values.reps), Number(values.batch)];

/** Median wall ms of `run`, after two warm-up calls (the modules' compilation and tier-up). */
function time(run: () => void): number {
  run();
  run();
  const samples = Array.from({ length: reps }, () => {
    const t0 = performance.now();
    run();
    return performance.now() - t0;
  });
  return samples.sort((a, b) => a - b)[Math.floor(reps / 2)]!;
}

// ResNet-20's three stages, and the Fashion-MNIST CNN's two convolutions
const SHAPES = [
  { name: "ResNet 32x32, 16->16", h: 32, c: 16 },
  { name: "ResNet 16x16, 32->32", h: 16, c: 32 },
  { name: "ResNet 8x8, 64->64", h: 8, c: 64 },
  { name: "CNN 28x28, 16->16", h: 28, c: 16 },
  { name: "CNN 14x14, 32->32", h: 14, c: 32 },
];
const rows: Array<{ shape: string; direct_ms: number; winograd_ms: number; speedup: number }> = [];
for (const { name, h, c } of SHAPES) {
  const x = tf.randomUniform([batch, h, h, c], -1, 1, "float32", 1);
  const w = tf.randomUniform([3, 3, c, c], -1, 1, "float32", 2);
  const out = wasm.makeOutput([batch, h, h, c], "float32");
  const padded = paddedCopy(wasm, x, 1, 1, 1, 1);
  const shape: DirectConvShape = { kh: 3, kw: 3, stride: 1, cin: c, cout: c, inRows: h + 2, inCols: h + 2, outRows: h, outCols: h, outImageStep: h * h, outRowStep: h, outColStep: 1 };
  const memory = wasmMemory(wasm);
  const direct = new WebAssembly.Instance(new WebAssembly.Module(directConvModuleBytes(shape)), { env: { memory } }).exports["run"] as DirectConvRun;
  const [input, filter, output] = [heapPointer(wasm, padded.info), heapPointer(wasm, w), heapPointer(wasm, out)];
  const directMs = time(() => direct(input, filter, output, batch));
  const winogradMs = time(() => winogradConv(wasm, shape, input, filter, output, batch));
  rows.push({ shape: name, direct_ms: Number(directMs.toFixed(2)), winograd_ms: Number(winogradMs.toFixed(2)), speedup: Number((directMs / winogradMs).toFixed(2)) });
  console.log(`${name.padEnd(24)} direct ${directMs.toFixed(2).padStart(6)} ms   Winograd ${winogradMs.toFixed(2).padStart(6)} ms   ${(directMs / winogradMs).toFixed(2)}x`);
  freeScratch(wasm, [padded.info, out]);
  tf.dispose([x, w]);
}
console.log(JSON.stringify({ what: "3x3 stride-1 convolution forward, direct vs Winograd F(2x2,3x3), wall ms (padding copy not included)", batch, rows }));
