// Why: on a GPU every program a step dispatches costs launch and JavaScript time whatever its size,
// and every read-back drains the queue; both are the same on any WebGPU adapter, so they are counted
// here (lavapipe will do) to find where a step is split into needlessly many programs.
//
// npx tsx packages/trainer/bench/count-step-dispatches.ts [--benchmark cifar10-resnet20] [--batchSize 128]
//   [--steps 2] [--top 8]
// Runs the trainer's own step (queueTrainingStep) on webgpu with synthetic data and the benchmark's
// optimizer, after one warm-up step, and prints the compute dispatches per phase (forward, backward,
// clip, optimizer, running averages, stats), the programs behind them, and the reads per step; the
// last line is JSON. Counts do not depend on the adapter's speed (only on the model and the batch
// shape), so they are not GPU measurements.
import { isBenchmarkName } from "@gemsweep/contracts";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { activation, countWebgpuActivity, loadBackend } from "@gemsweep/kernels";
import { disposeBatch, getBenchmarkImpl, Optimizer, queueTrainingStep, resolveHyper, Rng, RngStream, type StepPhase, type TrainableBenchmark } from "../src/index.js";

const { values } = parseArgs({
  options: {
    benchmark: { type: "string", default: "cifar10-resnet20" },
    batchSize: { type: "string" },
    steps: { type: "string", default: "2" },
    top: { type: "string", default: "8" },
  },
});
const benchmark = values.benchmark!;
if (!isBenchmarkName(benchmark) || !/mnist|cifar/.test(benchmark)) throw new Error(`an image benchmark (synthetic data), not ${benchmark}`);
const loaded = await loadBackend("webgpu");
const hyper = resolveHyper({ benchmark, activation: { name: "relu" }, seed: 0, hyper: values.batchSize ? { batchSize: Number(values.batchSize) } : {} });
const impl = getBenchmarkImpl(benchmark) as TrainableBenchmark;
const steps = Number(values.steps);
const data = await impl.load({ ...hyper, trainLimit: hyper.batchSize * (steps + 1), testLimit: 16 }, { synthetic: true }, {});
const model = impl.build(data, new Rng(0, RngStream.init), {});
const optimizer = new Optimizer({ name: hyper.optimizer, lr: hyper.lr, ...(hyper.momentum !== undefined ? { momentum: hyper.momentum } : {}), ...(hyper.weightDecay !== undefined ? { weightDecay: hyper.weightDecay } : {}) });
const act = activation({ name: "relu" });
const rng = new Rng(0, RngStream.data);
const perm = rng.permutation(data.trainCount);
const context = { model, optimizer, act: (x: tf.Tensor) => act(x), smoothing: 0, ...(hyper.gradClip !== undefined ? { gradClip: hyper.gradClip } : {}) };

const perPhase = new Map<string, { dispatches: number; byProgram: Record<string, number> }>();
const counter = countWebgpuActivity();
let reads = 0;
async function step(s: number, measure: boolean): Promise<void> {
  const batch = data.trainBatch(perm.subarray(s * hyper.batchSize, (s + 1) * hyper.batchSize), rng);
  counter.take();
  let current: string | undefined;
  const close = () => {
    const done = counter.take();
    reads += measure ? done.reads : 0;
    if (!measure || !current) return;
    const entry = perPhase.get(current) ?? { dispatches: 0, byProgram: {} };
    entry.dispatches += done.dispatches;
    for (const [program, n] of Object.entries(done.byProgram)) entry.byProgram[program] = (entry.byProgram[program] ?? 0) + n;
    perPhase.set(current, entry);
  };
  const stats = queueTrainingStep(context, batch, (phase: StepPhase) => {
    close();
    current = phase;
  });
  disposeBatch(batch);
  const values = stats.data(); // the trainer's one read of the step
  close();
  await values;
  stats.dispose();
}

await step(0, false); // first use compiles the pipelines
for (let s = 1; s <= steps; s++) await step(s, true);
counter.stop();

const phases = [...perPhase.entries()].map(([phase, e]) => ({
  phase,
  dispatches: e.dispatches / steps,
  programs: Object.fromEntries(
    Object.entries(e.byProgram)
      .sort((a, b) => b[1] - a[1])
      .map(([p, n]) => [p, n / steps]),
  ),
}));
const total = phases.reduce((a, p) => a + p.dispatches, 0);
console.log(`${benchmark} on ${loaded.backend} (${loaded.device}), batch ${hyper.batchSize}, ${hyper.optimizer}: dispatches per step (mean of ${steps})`);
for (const p of phases) {
  const top = Object.entries(p.programs)
    .slice(0, Number(values.top))
    .map(([name, n]) => `${name} ${n}`)
    .join(", ");
  console.log(`${p.phase.padEnd(17)} ${String(p.dispatches).padStart(6)}   ${top}`);
}
console.log(`${"a step".padEnd(17)} ${String(total).padStart(6)}   reads per step: ${reads / steps}`);
console.log(JSON.stringify({ benchmark, backend: loaded.backend, batch_size: hyper.batchSize, optimizer: hyper.optimizer, dispatches_per_step: total, reads_per_step: reads / steps, phases }));
process.exit(0); // Dawn keeps the event loop alive
