import {
  BENCHMARK_METRICS,
  BENCHMARK_NAMES,
  ErrorCode,
  GemSweepError,
  isBenchmarkName,
  overridesSchemaFor,
  type BenchmarkMetric,
  type BenchmarkName,
  type Hyper,
  type HyperKey,
  type Overrides,
} from "@gemsweep/contracts";

// The benchmark recipes: each benchmark's default hyperparameters, the overrides it accepts,
// and where the defaults come from. Names, metrics and directions are @gemsweep/contracts';
// datasets and models, packages/trainer's. No tfjs here, so a spec validates anywhere.

export interface BenchmarkInfo extends BenchmarkMetric {
  readonly name: BenchmarkName;
  readonly defaults: Readonly<Hyper>;
  /** The override keys this benchmark accepts. */
  readonly overrideKeys: readonly HyperKey[];
  /** Where the defaults come from. */
  readonly source: string;
}

const TRAIN_KEYS = [
  "epochs",
  "batchSize",
  "lr",
  "optimizer",
  "momentum",
  "weightDecay",
  "trainLimit",
  "testLimit",
] as const satisfies readonly HyperKey[];

// ResNet on CIFAR: SGD, momentum 0.9, lr 0.1, wd 5e-4, batch 128 (the paper's recipe); 200
// epochs is the usual length of that recipe, the paper does not state it.
const resnetCifar: Hyper = {
  epochs: 200,
  batchSize: 128,
  lr: 0.1,
  optimizer: "momentum",
  momentum: 0.9,
  weightDecay: 5e-4,
};

type Recipe = Omit<BenchmarkInfo, keyof BenchmarkMetric>;

const recipes: Recipe[] = [
  {
    name: "fashion-mnist-mlp",
    defaults: { epochs: 2, batchSize: 128, lr: 1e-3, optimizer: "adam" },
    overrideKeys: TRAIN_KEYS,
    source: "small CPU default",
  },
  {
    name: "mnist-mlp",
    defaults: { epochs: 2, batchSize: 128, lr: 1e-3, optimizer: "adam" },
    overrideKeys: TRAIN_KEYS,
    source: "small CPU default",
  },
  {
    name: "fashion-mnist-cnn",
    defaults: { epochs: 3, batchSize: 128, lr: 1e-3, optimizer: "adam" },
    overrideKeys: TRAIN_KEYS,
    source: "small CPU default",
  },
  {
    name: "cifar10-resnet20",
    defaults: resnetCifar,
    overrideKeys: TRAIN_KEYS,
    source: "GEM paper ResNet recipe (epochs: common practice)",
  },
  {
    name: "cifar10-resnet56",
    defaults: resnetCifar,
    overrideKeys: TRAIN_KEYS,
    source: "GEM paper ResNet recipe (epochs: common practice)",
  },
  {
    name: "cifar100-resnet56",
    defaults: resnetCifar,
    overrideKeys: TRAIN_KEYS,
    source: "GEM paper ResNet recipe (epochs: common practice)",
  },
  {
    name: "lm-tiny",
    defaults: { epochs: 2, batchSize: 32, lr: 1e-3, optimizer: "adamw", weightDecay: 0.01 },
    overrideKeys: TRAIN_KEYS,
    source: "small CPU default",
  },
  {
    name: "gpt2-124m",
    defaults: { epochs: 1, batchSize: 8, lr: 6e-4, optimizer: "adamw", weightDecay: 0.1 },
    overrideKeys: TRAIN_KEYS,
    source: "GPT-2 / nanoGPT AdamW recipe",
  },
  {
    name: "bert-small",
    defaults: { epochs: 1, batchSize: 32, lr: 1e-4, optimizer: "adamw", weightDecay: 0.01 },
    overrideKeys: TRAIN_KEYS,
    source: "BERT pre-training recipe (lr 1e-4, wd 0.01)",
  },
  {
    name: "sleep",
    defaults: { epochs: 1, batchSize: 1, lr: 1e-3, optimizer: "sgd", sleepMs: 0, failTimes: 0 },
    overrideKeys: ["epochs", "sleepMs", "failTimes"],
    source: "no training: sleeps sleepMs per epoch, fails the first failTimes attempts",
  },
  {
    name: "synthetic",
    defaults: { epochs: 9, batchSize: 1, lr: 1e-3, optimizer: "sgd", sleepMs: 0, failTimes: 0 },
    overrideKeys: ["epochs", "lr", "weightDecay", "sleepMs", "failTimes"],
    source: "no training: accuracy is a known function of lr, weightDecay, activation, seed and epoch (core's synthetic-benchmark.ts)",
  },
];

export const BENCHMARKS: Readonly<Record<BenchmarkName, BenchmarkInfo>> = Object.freeze(
  Object.fromEntries(
    recipes.map((r) => [r.name, Object.freeze({ ...BENCHMARK_METRICS[r.name], ...r })]),
  ) as Record<
    BenchmarkName,
    BenchmarkInfo
  >,
);

/** The zod schema of the overrides a benchmark accepts (strict: other keys are rejected). */
export function benchmarkOverridesSchema(name: BenchmarkName) {
  return overridesSchemaFor(BENCHMARKS[name].overrideKeys);
}

export function getBenchmark(name: string): BenchmarkInfo {
  if (!isBenchmarkName(name)) {
    throw new GemSweepError(ErrorCode.NOT_FOUND, `unknown benchmark '${name}'`, {
      issues: [
        {
          path: "benchmark",
          message: `unknown benchmark '${name}'; expected one of ${BENCHMARK_NAMES.join(", ")}`,
        },
      ],
    });
  }
  return BENCHMARKS[name];
}

/** Benchmark defaults with the overrides it accepts applied (keys it does not accept are ignored). */
export function mergeHyper(name: BenchmarkName, overrides: Overrides): Hyper {
  const info = BENCHMARKS[name];
  const merged: Record<string, unknown> = { ...info.defaults };
  for (const key of info.overrideKeys) {
    const value = overrides[key];
    if (value !== undefined) merged[key] = value;
  }
  return merged as Hyper;
}
