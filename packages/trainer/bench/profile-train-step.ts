// Why: to see where a training step's time goes (per kernel, per phase, GFLOP/s of the matmul and
// conv passes) before and after moving a pass into a kernel, on the real model and step.
//
// npx tsx packages/trainer/bench/profile-train-step.ts [--benchmark cifar10-resnet20] [--backend wasm]
//   [--steps 6] [--warmup 2] [--batchSize 128]
// Times every kernel call on the backend (its registered kernel functions, wrapped) in CPU time of
// this process (process.cpuUsage: a shared machine's preemption does not count) and in wall time,
// groups them, and prints a table and one JSON line. Synthetic data of the benchmark's shapes.
import { isBenchmarkName, type BackendName, type Hyper } from "@gemsweep/contracts";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { BENCHMARKS } from "@gemsweep/core";
import { activation, loadBackend } from "@gemsweep/kernels";
import { getBenchmarkImpl, Optimizer, Rng, RngStream, softmaxCrossEntropy, type TrainableBenchmark } from "../src/index.js";
import { kernelFlops } from "./kernel-flops.js";

const { values } = parseArgs({
  options: {
    benchmark: { type: "string", default: "cifar10-resnet20" },
    backend: { type: "string", default: "wasm" },
    steps: { type: "string", default: "6" },
    warmup: { type: "string", default: "2" },
    batchSize: { type: "string", default: "128" },
  },
});
const benchmark = values.benchmark!;
if (!isBenchmarkName(benchmark)) throw new Error(`unknown benchmark ${benchmark}`);
const loaded = await loadBackend(values.backend as BackendName);
const backendName = tf.getBackend();

/** CPU microseconds of this process and wall milliseconds, now. */
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Bucket {
  calls: number;
  cpuMs: number;
  wallMs: number;
  flops: number;
}
const buckets = new Map<string, Bucket>();
let measuring = false;
let depth = 0;
function record(name: string, cpuMs: number, wallMs: number, flops: number): void {
  if (!measuring) return;
  const b = buckets.get(name) ?? { calls: 0, cpuMs: 0, wallMs: 0, flops: 0 };
  b.calls += 1;
  b.cpuMs += cpuMs;
  b.wallMs += wallMs;
  b.flops += flops;
  buckets.set(name, b);
}

// Wrap every kernel of the backend: the time inside it, outermost calls only (a kernel that runs
// another kernel counts once, under its own name).
for (const config of tf.getKernelsForBackend(backendName)) {
  const inner = config.kernelFunc;
  tf.unregisterKernel(config.kernelName, backendName);
  tf.registerKernel({
    kernelName: config.kernelName,
    backendName,
    kernelFunc: (args) => {
      if (depth > 0) return inner(args);
      depth++;
      const [c0, w0] = [cpuNow(), performance.now()];
      try {
        return inner(args);
      } finally {
        depth--;
        const inputs = Object.fromEntries(Object.entries(args.inputs).map(([k, t]) => [k, (t as tf.TensorInfo).shape]));
        const info = kernelFlops(config.kernelName, inputs, args.attrs ?? {});
        record(info.group, cpuNow() - c0, performance.now() - w0, info.flops);
      }
    },
  });
}

const impl = getBenchmarkImpl(benchmark) as TrainableBenchmark;
const hyper: Hyper = { ...BENCHMARKS[benchmark].defaults, batchSize: Number(values.batchSize), trainLimit: 1024, testLimit: 128 } as Hyper;
const data = await impl.load(hyper, { synthetic: true }, {});
const model = impl.build(data, new Rng(0, RngStream.init), {});
const optimizer = new Optimizer({ name: hyper.optimizer, lr: hyper.lr, ...(hyper.momentum !== undefined ? { momentum: hyper.momentum } : {}), ...(hyper.weightDecay !== undefined ? { weightDecay: hyper.weightDecay } : {}) });
const act = activation({ name: "relu" });
const rng = new Rng(0, RngStream.data);
const varList = model.params.map((p) => p.variable);
const perm = rng.permutation(data.trainCount);
const batchSize = hyper.batchSize;

/** One training step as trainTrial runs it, each phase timed. */
async function step(s: number): Promise<void> {
  const phase = (name: string, c0: number, w0: number) => record(`phase: ${name}`, cpuNow() - c0, performance.now() - w0, 0);
  let [c0, w0] = [cpuNow(), performance.now()];
  // always a full batch (wrapping around the permutation): a short one is a new shape, whose
  // kernels' first-use compilation would be counted as step time
  const rows = Uint32Array.from({ length: batchSize }, (_, i) => perm[(s * batchSize + i) % data.trainCount]!);
  const batch = data.trainBatch(rows, rng);
  phase("data batch (JS, crop+flip)", c0, w0);
  [c0, w0] = [cpuNow(), performance.now()];
  const stateUpdates: Array<{ variable: tf.Variable; value: tf.Tensor }> = [];
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.forward(batch.input, { training: true, act: (x) => act(x), stateUpdates });
    for (const u of stateUpdates) tf.keep(u.value);
    return softmaxCrossEntropy(logits, batch.labels, batch.weights);
  }, varList);
  phase("forward + backward", c0, w0);
  [c0, w0] = [cpuNow(), performance.now()];
  await optimizer.apply(model.params, varList.map((v) => grads[v.name]!));
  phase("optimizer", c0, w0);
  [c0, w0] = [cpuNow(), performance.now()];
  await value.data();
  for (const u of stateUpdates) {
    const next = tf.tidy(() => tf.add(tf.mul(u.variable, 0.9), tf.mul(u.value, 0.1)));
    u.variable.assign(next);
    next.dispose();
    u.value.dispose();
  }
  value.dispose();
  tf.dispose(grads);
  tf.dispose([batch.input.x, batch.labels]);
  phase("running stats + dispose", c0, w0);
}

const warmup = Number(values.warmup);
const steps = Number(values.steps);
for (let s = 0; s < warmup; s++) await step(s);
measuring = true;
const [c0, w0] = [cpuNow(), performance.now()];
for (let s = 0; s < steps; s++) await step(warmup + s);
const [stepCpu, stepWall] = [(cpuNow() - c0) / steps, (performance.now() - w0) / steps];
measuring = false;

const kernels = [...buckets.entries()].filter(([k]) => !k.startsWith("phase: "));
const phases = [...buckets.entries()].filter(([k]) => k.startsWith("phase: "));
const kernelCpu = kernels.reduce((a, [, b]) => a + b.cpuMs, 0) / steps;
const fwdBwd = (buckets.get("phase: forward + backward")?.cpuMs ?? 0) / steps;
const optimizerCpu = (buckets.get("phase: optimizer")?.cpuMs ?? 0) / steps;
const pct = (ms: number) => ((100 * ms) / stepCpu).toFixed(1).padStart(5);
console.log(`${benchmark} on ${loaded.backend} (${loaded.device}), batch ${batchSize}: ${steps} steps after ${warmup} warm-up`);
console.log(`a step: ${stepCpu.toFixed(1)} ms CPU, ${stepWall.toFixed(1)} ms wall (${((1000 * batchSize) / stepCpu).toFixed(1)} samples/s of CPU time)\n`);
console.log("phase                                 ms CPU/step   % step");
for (const [name, b] of phases) console.log(`${name.slice(7).padEnd(38)}${(b.cpuMs / steps).toFixed(1).padStart(9)}   ${pct(b.cpuMs / steps)}`);
console.log(`\nkernel group                          calls/step   ms CPU/step   % step   GFLOP/s (CPU time)`);
for (const [name, b] of kernels.sort((a, b) => b[1].cpuMs - a[1].cpuMs)) {
  const gflops = b.flops > 0 ? (b.flops / (b.cpuMs / 1000) / 1e9).toFixed(1) : "";
  console.log(`${name.padEnd(38)}${(b.calls / steps).toFixed(0).padStart(10)}${(b.cpuMs / steps).toFixed(1).padStart(14)}   ${pct(b.cpuMs / steps)}   ${gflops.padStart(8)}`);
}
// Inside forward + backward but in no kernel: the tape, and any JS pass of a custom gradient.
const outside = fwdBwd + optimizerCpu - kernelCpu;
console.log(`${"(JS outside kernels: tape, JS passes)".padEnd(38)}${"".padStart(10)}${outside.toFixed(1).padStart(14)}   ${pct(outside)}`);
const flopsPerStep = kernels.reduce((a, [, b]) => a + b.flops, 0) / steps;
console.log(
  JSON.stringify({
    benchmark,
    backend: loaded.backend,
    batch_size: batchSize,
    steps,
    step_cpu_ms: Number(stepCpu.toFixed(1)),
    step_wall_ms: Number(stepWall.toFixed(1)),
    gflop_per_step: Number((flopsPerStep / 1e9).toFixed(2)),
    phases: Object.fromEntries(phases.map(([k, b]) => [k.slice(7), Number((b.cpuMs / steps).toFixed(1))])),
    kernels: Object.fromEntries(
      kernels.map(([k, b]) => [k, { ms: Number((b.cpuMs / steps).toFixed(2)), calls: b.calls / steps, ...(b.flops ? { gflops: Number((b.flops / (b.cpuMs / 1000) / 1e9).toFixed(1)) } : {}) }]),
    ),
    outside_kernels_ms: Number(outside.toFixed(1)),
  }),
);
model.dispose();
optimizer.dispose();
