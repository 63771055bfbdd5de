import * as z from "zod";
import { GemSweepError, ErrorCode } from "./errors.js";
import { overridesSchemaFor, type Hyper, type HyperKey, type Overrides } from "./hyperparams.js";

// The benchmark catalog as plain data. The trainer package maps each name to a dataset and a
// model; core never imports tfjs, so the spec can be validated anywhere (dashboard, CLI).

export const BENCHMARK_NAMES = [
  "fashion-mnist-mlp",
  "mnist-mlp",
  "fashion-mnist-cnn",
  "cifar10-resnet20",
  "cifar10-resnet56",
  "cifar100-resnet56",
  "lm-tiny",
  "gpt2-124m",
  "bert-small",
  "sleep",
] as const;
export const benchmarkNameSchema = z.enum(BENCHMARK_NAMES);
export type BenchmarkName = z.infer<typeof benchmarkNameSchema>;

export const METRICS = ["accuracy", "perplexity", "loss", "none"] as const;
export type MetricName = (typeof METRICS)[number];
export type Direction = "max" | "min";

export interface BenchmarkInfo {
  readonly name: BenchmarkName;
  readonly title: string;
  /** Final metric reported per trial, and whether higher (max) or lower (min) is better. */
  readonly metric: MetricName;
  readonly direction: Direction;
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

const entries: BenchmarkInfo[] = [
  {
    name: "fashion-mnist-mlp",
    title: "Fashion-MNIST, MLP",
    metric: "accuracy",
    direction: "max",
    defaults: { epochs: 2, batchSize: 128, lr: 1e-3, optimizer: "adam" },
    overrideKeys: TRAIN_KEYS,
    source: "small CPU default",
  },
  {
    name: "mnist-mlp",
    title: "MNIST, MLP",
    metric: "accuracy",
    direction: "max",
    defaults: { epochs: 2, batchSize: 128, lr: 1e-3, optimizer: "adam" },
    overrideKeys: TRAIN_KEYS,
    source: "small CPU default",
  },
  {
    name: "fashion-mnist-cnn",
    title: "Fashion-MNIST, CNN",
    metric: "accuracy",
    direction: "max",
    defaults: { epochs: 3, batchSize: 128, lr: 1e-3, optimizer: "adam" },
    overrideKeys: TRAIN_KEYS,
    source: "small CPU default",
  },
  {
    name: "cifar10-resnet20",
    title: "CIFAR-10, ResNet-20",
    metric: "accuracy",
    direction: "max",
    defaults: resnetCifar,
    overrideKeys: TRAIN_KEYS,
    source: "GEM paper ResNet recipe (epochs: common practice)",
  },
  {
    name: "cifar10-resnet56",
    title: "CIFAR-10, ResNet-56",
    metric: "accuracy",
    direction: "max",
    defaults: resnetCifar,
    overrideKeys: TRAIN_KEYS,
    source: "GEM paper ResNet recipe (epochs: common practice)",
  },
  {
    name: "cifar100-resnet56",
    title: "CIFAR-100, ResNet-56",
    metric: "accuracy",
    direction: "max",
    defaults: resnetCifar,
    overrideKeys: TRAIN_KEYS,
    source: "GEM paper ResNet recipe (epochs: common practice)",
  },
  {
    name: "lm-tiny",
    title: "Tiny character LM",
    metric: "perplexity",
    direction: "min",
    defaults: { epochs: 2, batchSize: 32, lr: 1e-3, optimizer: "adamw", weightDecay: 0.01 },
    overrideKeys: TRAIN_KEYS,
    source: "small CPU default",
  },
  {
    name: "gpt2-124m",
    title: "GPT-2 124M",
    metric: "perplexity",
    direction: "min",
    defaults: { epochs: 1, batchSize: 8, lr: 6e-4, optimizer: "adamw", weightDecay: 0.1 },
    overrideKeys: TRAIN_KEYS,
    source: "GPT-2 / nanoGPT AdamW recipe",
  },
  {
    name: "bert-small",
    title: "BERT-small (MLM)",
    metric: "loss",
    direction: "min",
    defaults: { epochs: 1, batchSize: 32, lr: 1e-4, optimizer: "adamw", weightDecay: 0.01 },
    overrideKeys: TRAIN_KEYS,
    source: "BERT pre-training recipe (lr 1e-4, wd 0.01)",
  },
  {
    name: "sleep",
    title: "Sleep (no-op, orchestration tests)",
    metric: "none",
    direction: "max",
    defaults: { epochs: 1, batchSize: 1, lr: 1e-3, optimizer: "sgd", sleepMs: 0, failTimes: 0 },
    overrideKeys: ["epochs", "sleepMs", "failTimes"],
    source: "no training: sleeps sleepMs per epoch, fails the first failTimes attempts",
  },
];

export const BENCHMARKS: Readonly<Record<BenchmarkName, BenchmarkInfo>> = Object.freeze(
  Object.fromEntries(entries.map((b) => [b.name, Object.freeze(b)])) as Record<
    BenchmarkName,
    BenchmarkInfo
  >,
);

/** The zod schema of the overrides a benchmark accepts (strict: other keys are rejected). */
export function benchmarkOverridesSchema(name: BenchmarkName) {
  return overridesSchemaFor(BENCHMARKS[name].overrideKeys);
}

export function isBenchmarkName(name: string): name is BenchmarkName {
  return Object.hasOwn(BENCHMARKS, name);
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
