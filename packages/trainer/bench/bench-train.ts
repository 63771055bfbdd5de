// npm run bench:train -- --benchmark B --backend K [--epochs E] [--trainLimit L] [--testLimit T]
//   [--batchSize N] [--activation relu|gem|...] [--N n] [--eps e] [--seed s] [--reference]
//   [--referenceDevice cpu|cuda] [--synthetic]
// Trains one trial and prints per-epoch samples/s and metrics, then one JSON line. On webgpu (and
// tfjs-node with CUDA) the batch defaults to the benchmark's GPU default (a sweep's `device: gpu`,
// docs/training.md#recipes) where it has one; --batchSize wins.
// --reference also trains the same network in PyTorch in the same run (pytorch-reference.py;
// needs Debian's python3-torch, and libopenblas0-pthread for its best BLAS) and adds its
// samples/s and the ratio to the JSON line; both sides also give samples per second of CPU time
// (a shared machine's load moves those far less than wall-clock rates). --referenceDevice cuda
// trains PyTorch on the GPU instead (the GPU check); where it cannot, the JSON line says why
// (`reference_unavailable`). --synthetic trains on random data of the dataset's
// shapes (the image benchmarks), for hosts that carry no dataset; its metrics mean nothing. The
// ResNets default to 2 epochs of 2,560 images (bench-defaults.ts).
import { isBenchmarkName, type Activation, type BackendName, type Hyper } from "@gemsweep/contracts";
import { defaultsFor } from "@gemsweep/core";
import { parseArgs } from "node:util";
import { loadBackend } from "@gemsweep/kernels";
import { trainTrial } from "../src/index.js";
import { benchDefaults } from "./bench-defaults.js";
import { epochCpuMeter } from "./epoch-cpu-meter.js";
import { pytorchReferenceOrReason } from "./pytorch-reference.js";

const { values } = parseArgs({
  options: {
    benchmark: { type: "string", default: "fashion-mnist-mlp" },
    backend: { type: "string", default: "wasm" },
    epochs: { type: "string" },
    trainLimit: { type: "string" },
    testLimit: { type: "string" },
    batchSize: { type: "string" },
    lr: { type: "string" },
    activation: { type: "string", default: "relu" },
    N: { type: "string" },
    eps: { type: "string" },
    seed: { type: "string", default: "0" },
    reference: { type: "boolean", default: false },
    referenceDevice: { type: "string", default: "cpu" },
    /** random data of the dataset's shapes (MNIST / Fashion-MNIST benchmarks): hosts without the files */
    synthetic: { type: "boolean", default: false },
  },
});

const benchmark = values.benchmark!;
if (!isBenchmarkName(benchmark)) {
  console.error(`unknown benchmark ${benchmark}`);
  process.exit(2);
}
if (values.synthetic && !/mnist|cifar/.test(benchmark)) {
  console.error(`--synthetic: only the image benchmarks (MNIST, Fashion-MNIST, CIFAR) have synthetic data, not ${benchmark}`);
  process.exit(2);
}
const loaded = await loadBackend(values.backend as BackendName);
const defaults = benchDefaults(benchmark);
const [epochs, trainLimit, testLimit] = [values.epochs ?? defaults.epochs, values.trainLimit ?? defaults.trainLimit, values.testLimit ?? defaults.testLimit];
const hyper: Partial<Hyper> = {};
if (epochs) hyper.epochs = Number(epochs);
if (trainLimit) hyper.trainLimit = Number(trainLimit);
if (testLimit) hyper.testLimit = Number(testLimit);
// a GPU trains the benchmark's GPU default batch (the recipe a `device: gpu` sweep gets)
const onGpu = loaded.backend === "webgpu" || /CUDA/.test(loaded.device);
const batchSize = Number(values.batchSize ?? defaultsFor(benchmark, onGpu ? "gpu" : "cpu").batchSize);
hyper.batchSize = batchSize;
if (values.lr) hyper.lr = Number(values.lr);
const activation = {
  name: values.activation,
  ...(values.N ? { N: Number(values.N) } : {}),
  ...(values.eps ? { eps: Number(values.eps) } : {}),
} as Activation;

console.log(
  `benchmark ${benchmark} on ${loaded.backend} (${loaded.device}), activation ${JSON.stringify(activation)}${values.synthetic ? ", synthetic data" : ""}`,
);
const meter = epochCpuMeter((m) =>
  console.log(
    `epoch ${m.epoch}: ${m.samplesPerSec.toFixed(0)} samples/s, train loss ${m.trainLoss.toFixed(4)}, test loss ${m.testLoss.toFixed(4)}, ` +
      `test ${m.metricName} ${m.testMetric.toFixed(4)}, validation ${m.valMetric?.toFixed(4) ?? "none"}, lr ${m.lr.toPrecision(3)}, grad norm ${m.gradNorm.toFixed(3)}, dead ${(m.deadFraction * 100).toFixed(1)}%, near-dead ${(m.nearDeadFraction * 100).toFixed(1)}%, ${m.epochSeconds.toFixed(1)} s`,
  ),
);
const result = await trainTrial({ benchmark, activation, hyper, seed: Number(values.seed), ...(values.synthetic ? { syntheticData: true } : {}) }, meter.hooks);
const sps = result.epochs.map((e) => e.samplesPerSec);
const samplesPerSec = sps.length ? Math.max(...sps) : 0;
const samplesPerCpuSecond = meter.best();
const { reference, unavailable } = values.reference
  ? pytorchReferenceOrReason(benchmark, { batchSize: String(batchSize), trainLimit, synthetic: values.synthetic, device: values.referenceDevice })
  : { reference: undefined, unavailable: undefined };
console.log(
  JSON.stringify({
    benchmark,
    backend: loaded.backend,
    activation,
    status: result.status,
    ...(values.synthetic ? { data: "synthetic" } : {}),
    epochs: result.epochs.length,
    samples_per_s: samplesPerSec,
    samples_per_cpu_s: Math.round(samplesPerCpuSecond),
    final_metric: result.finalMetric,
    metric: result.metricName,
    parameters: result.parameterCount,
    seconds: result.seconds,
    batch_size: batchSize,
    ...(unavailable ? { reference_unavailable: unavailable } : {}),
    ...(reference
      ? {
          reference,
          ratio_to_reference: Number((samplesPerSec / reference.samples_per_s).toFixed(3)),
          ...(typeof reference["cpu_samples_per_s"] === "number" ? { cpu_ratio_to_reference: Number((samplesPerCpuSecond / reference["cpu_samples_per_s"]).toFixed(3)) } : {}),
        }
      : {}),
  }),
);
