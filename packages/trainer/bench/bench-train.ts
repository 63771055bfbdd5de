// npm run bench:train -- --benchmark B --backend K [--epochs E] [--trainLimit L] [--testLimit T]
//   [--batchSize N] [--activation relu|gem|...] [--N n] [--eps e] [--seed s] [--reference] [--synthetic]
// Trains one trial and prints per-epoch samples/s and metrics, then one JSON line.
// --reference also trains the same network in PyTorch in the same run (pytorch-reference.py;
// needs Debian's python3-torch, and libopenblas0-pthread for its best BLAS) and adds its
// samples/s and the ratio to the JSON line. --synthetic trains on random data of the dataset's
// shapes (MNIST / Fashion-MNIST), for hosts that carry no dataset; its metrics mean nothing.
import { isBenchmarkName, type Activation, type BackendName, type Hyper } from "@gemsweep/contracts";
import { parseArgs } from "node:util";
import { loadBackend } from "@gemsweep/kernels";
import { trainTrial } from "../src/index.js";
import { pytorchReference } from "./pytorch-reference.js";

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
    /** random data of the dataset's shapes (MNIST / Fashion-MNIST benchmarks): hosts without the files */
    synthetic: { type: "boolean", default: false },
  },
});

const benchmark = values.benchmark!;
if (!isBenchmarkName(benchmark)) {
  console.error(`unknown benchmark ${benchmark}`);
  process.exit(2);
}
if (values.synthetic && !/mnist/.test(benchmark)) {
  console.error(`--synthetic: only the MNIST / Fashion-MNIST benchmarks have synthetic data, not ${benchmark}`);
  process.exit(2);
}
const loaded = await loadBackend(values.backend as BackendName);
const hyper: Partial<Hyper> = {};
if (values.epochs) hyper.epochs = Number(values.epochs);
if (values.trainLimit) hyper.trainLimit = Number(values.trainLimit);
if (values.testLimit) hyper.testLimit = Number(values.testLimit);
if (values.batchSize) hyper.batchSize = Number(values.batchSize);
if (values.lr) hyper.lr = Number(values.lr);
const activation = {
  name: values.activation,
  ...(values.N ? { N: Number(values.N) } : {}),
  ...(values.eps ? { eps: Number(values.eps) } : {}),
} as Activation;

console.log(
  `benchmark ${benchmark} on ${loaded.backend} (${loaded.device}), activation ${JSON.stringify(activation)}${values.synthetic ? ", synthetic data" : ""}`,
);
const result = await trainTrial(
  { benchmark, activation, hyper, seed: Number(values.seed), ...(values.synthetic ? { syntheticData: true } : {}) },
  {
    onEpoch: (m) =>
      console.log(
        `epoch ${m.epoch}: ${m.samplesPerSec.toFixed(0)} samples/s, train loss ${m.trainLoss.toFixed(4)}, test loss ${m.testLoss.toFixed(4)}, ` +
          `test ${m.metricName} ${m.testMetric.toFixed(4)}, validation ${m.valMetric?.toFixed(4) ?? "none"}, lr ${m.lr.toPrecision(3)}, grad norm ${m.gradNorm.toFixed(3)}, dead ${(m.deadFraction * 100).toFixed(1)}%, ${m.epochSeconds.toFixed(1)} s`,
      ),
  },
);
const sps = result.epochs.map((e) => e.samplesPerSec);
const samplesPerSec = sps.length ? Math.max(...sps) : 0;
const reference = values.reference
  ? pytorchReference(benchmark, { batchSize: values.batchSize, trainLimit: values.trainLimit })
  : undefined;
console.log(
  JSON.stringify({
    benchmark,
    backend: loaded.backend,
    activation,
    status: result.status,
    ...(values.synthetic ? { data: "synthetic" } : {}),
    epochs: result.epochs.length,
    samples_per_s: samplesPerSec,
    final_metric: result.finalMetric,
    metric: result.metricName,
    parameters: result.parameterCount,
    seconds: result.seconds,
    ...(reference
      ? {
          reference,
          ratio_to_reference: Number((samplesPerSec / reference.samples_per_s).toFixed(3)),
        }
      : {}),
  }),
);
