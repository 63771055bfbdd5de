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
// and where each default comes from (docs/training.md#recipes has the same table with the
// reasoning). Names, metrics and directions are @gemsweep/contracts'; datasets and models,
// packages/trainer's. No tfjs here, so a spec validates anywhere.

export interface BenchmarkInfo extends BenchmarkMetric {
  readonly name: BenchmarkName;
  readonly defaults: Readonly<Hyper>;
  /** The override keys this benchmark accepts. */
  readonly overrideKeys: readonly HyperKey[];
  /** Where the defaults come from, in one line. */
  readonly source: string;
  /** Where each default comes from (every key of `defaults` has an entry). */
  readonly sources: Readonly<Partial<Record<HyperKey, string>>>;
  /**
   * Defaults that replace `defaults`' in a sweep meant for GPU workers (`device: gpu`), with where
   * they come from: larger batches for the small benchmarks, whose CPU batch leaves a GPU idle.
   * Absent for the cited recipes, whose batch is part of what they cite.
   */
  readonly gpu?: { readonly defaults: Readonly<Partial<Hyper>>; readonly source: string };
}

/** Which workers a sweep's defaults are chosen for (the spec's `device`; absent means cpu). */
export const SWEEP_DEVICES = ["cpu", "gpu"] as const;
export type SweepDevice = (typeof SWEEP_DEVICES)[number];

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

/** The learning-rate schedule and the optimizer's knobs: every trainable benchmark takes them. */
const SCHEDULE_KEYS = [
  "schedule",
  "warmupEpochs",
  "warmupSteps",
  "milestones",
  "stepEpochs",
  "gamma",
  "minLr",
  "gradClip",
  "beta1",
  "beta2",
  "adamEps",
  "labelSmoothing",
] as const satisfies readonly HyperKey[];

/** Image benchmarks hold out part of the training split; the language models use the corpus' valid split. */
const IMAGE_KEYS = [...TRAIN_KEYS, ...SCHEDULE_KEYS, "valFraction"] as const;
/** Models with dropout sites (the CNNs, the transformers). */
const CNN_KEYS = [...IMAGE_KEYS, "dropout"] as const;
const LM_KEYS = [...TRAIN_KEYS, ...SCHEDULE_KEYS, "dropout"] as const;

const SMALL_CPU = "GemSweep's small CPU default (not a published recipe)";
const GPU_BATCH =
  "GemSweep's GPU default (not a published recipe): a batch that gives a GPU work for more than a few microseconds per program; the learning rate and epochs are the CPU default's, so a step count 1/8 (MLPs) or 1/4 (CNN, lm-tiny) of the CPU sweep's";
const HELD_OUT = "GemSweep's choice: 10% of the training split held out for validation (fixed, seeded)";

const smallImage = (epochs: number): Pick<Recipe, "defaults" | "sources"> => ({
  defaults: { epochs, batchSize: 128, lr: 1e-3, optimizer: "adam", valFraction: 0.1 },
  sources: { epochs: SMALL_CPU, batchSize: SMALL_CPU, lr: SMALL_CPU, optimizer: SMALL_CPU, valFraction: HELD_OUT },
});

// He et al. 2016 ("Deep Residual Learning for Image Recognition", sec. 4.2, CIFAR-10): SGD with
// momentum 0.9, lr 0.1 divided by 10 at 32k and 48k iterations, stop at 64k, weight decay 1e-4,
// batch 128, 4-pixel pad + random 32x32 crop + horizontal flip; the schedule was chosen on a
// 45k/5k train/val split. Holding out 10% gives the same 45k training images: 352 steps an
// epoch, so 182 epochs = 64,064 steps and the milestones 91 and 136.5 epochs = 32,032 and
// 48,048 steps. The GEM paper's own ResNet settings are not known to us.
const HE_2016 = "He et al. 2016, Deep Residual Learning, sec. 4.2";
const resnetCifar: Pick<Recipe, "defaults" | "sources"> = {
  defaults: {
    epochs: 182,
    batchSize: 128,
    lr: 0.1,
    optimizer: "momentum",
    momentum: 0.9,
    weightDecay: 1e-4,
    schedule: "multistep",
    milestones: [91, 136.5],
    gamma: 0.1,
    valFraction: 0.1,
  },
  sources: {
    epochs: `${HE_2016}: 64k iterations = 182 epochs of the 45k training images at batch 128`,
    batchSize: HE_2016,
    lr: HE_2016,
    optimizer: `${HE_2016} (SGD with momentum)`,
    momentum: HE_2016,
    weightDecay: HE_2016,
    schedule: `${HE_2016}: lr divided by 10 twice`,
    milestones: `${HE_2016}: 32k and 48k of 64k iterations (50% and 75% of training)`,
    gamma: `${HE_2016}: divided by 10`,
    valFraction: `${HE_2016}: their 45k/5k train/val split`,
  },
};

// GPT-3 paper (Brown et al. 2020, Table 2.1 "GPT-3 Small" and Appendix B) and nanoGPT's GPT-2
// (124M) OpenWebText config: AdamW, lr 6e-4, beta2 0.95, eps 1e-8, weight decay 0.1, gradient
// clipping at global norm 1.0, linear warmup then cosine decay to 10% of lr (6e-5), no dropout.
const GPT3 = "Brown et al. 2020 (GPT-3), Table 2.1 (Small) and Appendix B";
const NANOGPT = "nanoGPT's GPT-2 (124M) OpenWebText configuration";
const gpt2: Pick<Recipe, "defaults" | "sources"> = {
  defaults: {
    epochs: 1,
    batchSize: 8,
    lr: 6e-4,
    optimizer: "adamw",
    weightDecay: 0.1,
    beta1: 0.9,
    beta2: 0.95,
    adamEps: 1e-8,
    gradClip: 1,
    schedule: "cosine",
    warmupSteps: 2000,
    minLr: 6e-5,
    dropout: 0,
  },
  sources: {
    epochs: "GemSweep's choice: one pass over WikiText-103 (CPU/GPU budget), not GPT-2's 300B tokens",
    batchSize: "GemSweep's choice: 8 sequences x 1024 tokens per step (memory), not the sources' ~0.5M tokens",
    lr: `${GPT3}; ${NANOGPT}`,
    optimizer: `${GPT3} (Adam with decoupled weight decay); ${NANOGPT}`,
    weightDecay: `${GPT3}; ${NANOGPT}`,
    beta1: `${GPT3}; ${NANOGPT}`,
    beta2: `${GPT3}; ${NANOGPT}`,
    adamEps: GPT3,
    gradClip: `${GPT3}; ${NANOGPT}`,
    schedule: `${GPT3}; ${NANOGPT}`,
    warmupSteps: `${NANOGPT} (warmup_iters 2000); kept as a count of updates, see docs/training.md#recipes`,
    minLr: `${GPT3} (10% of lr); ${NANOGPT} (min_lr 6e-5)`,
    dropout: `${NANOGPT} (dropout 0.0 for pre-training)`,
  },
};

// BERT (Devlin et al. 2019, Appendix A.2, and its released pre-training code): Adam with
// decoupled weight decay 0.01, lr 1e-4, beta1 0.9, beta2 0.999, eps 1e-6, warmup over the first
// 10,000 steps then linear decay to 0, dropout 0.1 on all layers, gradients clipped at norm 1.0.
// BERT-small's shape (L=4, H=512, A=8) is Turc et al. 2019's.
const BERT = "Devlin et al. 2019 (BERT), Appendix A.2";
const BERT_CODE = "BERT's released pre-training code";
const bertSmall: Pick<Recipe, "defaults" | "sources"> = {
  defaults: {
    epochs: 1,
    batchSize: 32,
    lr: 1e-4,
    optimizer: "adamw",
    weightDecay: 0.01,
    beta1: 0.9,
    beta2: 0.999,
    adamEps: 1e-6,
    gradClip: 1,
    schedule: "linear",
    warmupSteps: 10_000,
    minLr: 0,
    dropout: 0.1,
  },
  sources: {
    epochs: "GemSweep's choice: one pass over WikiText-103, not BERT's 1M steps",
    batchSize: "GemSweep's choice: 32 sequences x 128 tokens per step, not BERT's 256 x 512",
    lr: BERT,
    optimizer: `${BERT} (Adam with L2 weight decay, applied decoupled in ${BERT_CODE})`,
    weightDecay: BERT,
    beta1: BERT,
    beta2: BERT,
    adamEps: BERT_CODE,
    gradClip: BERT_CODE,
    schedule: `${BERT}: linear decay`,
    warmupSteps: `${BERT}: warmup over the first 10,000 steps; kept as a count of updates`,
    minLr: `${BERT}: linear decay to 0`,
    dropout: `${BERT}: 0.1 on all layers`,
  },
};

// TensorFlow's "Deep MNIST for Experts" tutorial (TF 1.x): conv5x5(32)-pool-conv5x5(64)-pool-
// fc1024-dropout(0.5)-fc10, Adam 1e-4, batch 50, 20,000 steps; "approximately 99.2%" test
// accuracy. 54,000 training images (10% held out) at batch 50 are 1,080 steps an epoch: 19
// epochs are 20,520 steps.
const TF_DEEP_MNIST = "TensorFlow's Deep MNIST for Experts tutorial (TF 1.x)";
const mnistCnn: Pick<Recipe, "defaults" | "sources"> = {
  defaults: { epochs: 19, batchSize: 50, lr: 1e-4, optimizer: "adam", dropout: 0.5, valFraction: 0.1 },
  sources: {
    epochs: `${TF_DEEP_MNIST}: 20,000 steps of 50 = 19 epochs of 54,000 images`,
    batchSize: TF_DEEP_MNIST,
    lr: TF_DEEP_MNIST,
    optimizer: TF_DEEP_MNIST,
    dropout: `${TF_DEEP_MNIST}: keep_prob 0.5 before the output layer`,
    valFraction: `${HELD_OUT} (the tutorial's data also held out 5,000 of 60,000)`,
  },
};

type Recipe = Omit<BenchmarkInfo, keyof BenchmarkMetric>;

const recipes: Recipe[] = [
  { name: "fashion-mnist-mlp", ...smallImage(2), overrideKeys: IMAGE_KEYS, source: SMALL_CPU, gpu: { defaults: { batchSize: 1024 }, source: GPU_BATCH } },
  { name: "mnist-mlp", ...smallImage(2), overrideKeys: IMAGE_KEYS, source: SMALL_CPU, gpu: { defaults: { batchSize: 1024 }, source: GPU_BATCH } },
  { name: "fashion-mnist-cnn", ...smallImage(3), overrideKeys: CNN_KEYS, source: SMALL_CPU, gpu: { defaults: { batchSize: 512 }, source: GPU_BATCH } },
  { name: "mnist-cnn", ...mnistCnn, overrideKeys: CNN_KEYS, source: `${TF_DEEP_MNIST}; published figure ~99.2% test accuracy` },
  { name: "cifar10-resnet20", ...resnetCifar, overrideKeys: IMAGE_KEYS, source: HE_2016 },
  { name: "cifar10-resnet56", ...resnetCifar, overrideKeys: IMAGE_KEYS, source: HE_2016 },
  {
    name: "cifar100-resnet56",
    ...resnetCifar,
    overrideKeys: IMAGE_KEYS,
    source: `${HE_2016}'s CIFAR-10 recipe unchanged (the paper has no CIFAR-100 ResNet)`,
  },
  {
    name: "lm-tiny",
    defaults: { epochs: 2, batchSize: 32, lr: 1e-3, optimizer: "adamw", weightDecay: 0.01 },
    overrideKeys: LM_KEYS,
    source: SMALL_CPU,
    sources: { epochs: SMALL_CPU, batchSize: SMALL_CPU, lr: SMALL_CPU, optimizer: SMALL_CPU, weightDecay: SMALL_CPU },
    gpu: { defaults: { batchSize: 128 }, source: GPU_BATCH },
  },
  { name: "gpt2-124m", ...gpt2, overrideKeys: LM_KEYS, source: `${GPT3}; ${NANOGPT}` },
  { name: "bert-small", ...bertSmall, overrideKeys: LM_KEYS, source: `${BERT}; shape of Turc et al. 2019` },
  {
    name: "sleep",
    defaults: { epochs: 1, batchSize: 1, lr: 1e-3, optimizer: "sgd", sleepMs: 0, failTimes: 0 },
    overrideKeys: ["epochs", "sleepMs", "failTimes"],
    source: "no training: sleeps sleepMs per epoch, fails the first failTimes attempts",
    sources: {},
  },
  {
    name: "synthetic",
    defaults: { epochs: 9, batchSize: 1, lr: 1e-3, optimizer: "sgd", sleepMs: 0, failTimes: 0 },
    overrideKeys: ["epochs", "lr", "weightDecay", "sleepMs", "failTimes"],
    source: "no training: accuracy is a known function of lr, weightDecay, activation, seed and epoch (core's synthetic-benchmark.ts)",
    sources: {},
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

/** A benchmark's defaults for `device`: the GPU defaults over the recipe's where it has them. */
export function defaultsFor(name: BenchmarkName, device: SweepDevice = "cpu"): Hyper {
  const { defaults, gpu } = BENCHMARKS[name];
  return device === "gpu" && gpu ? ({ ...defaults, ...gpu.defaults } as Hyper) : defaults;
}

/**
 * A benchmark's recipe (for `device`) with `given` applied: given values win; a recipe's
 * milestones keep their share of training when only epochs changes (ResNet's 50% and 75% at any
 * length).
 */
export function withRecipe(name: BenchmarkName, given: Partial<Hyper>, device: SweepDevice = "cpu"): Hyper {
  const defaults = defaultsFor(name, device);
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(given)) if (value !== undefined) merged[key] = value;
  const scaleMilestones =
    defaults.milestones !== undefined &&
    given.milestones === undefined &&
    given.epochs !== undefined &&
    given.epochs !== defaults.epochs;
  if (scaleMilestones) merged["milestones"] = defaults.milestones!.map((m) => (m * given.epochs!) / defaults.epochs);
  return merged as Hyper;
}

/** Benchmark defaults (for `device`) with the overrides it accepts applied (keys it does not accept are ignored). */
export function mergeHyper(name: BenchmarkName, overrides: Overrides, device: SweepDevice = "cpu"): Hyper {
  const accepted: Partial<Hyper> = {};
  for (const key of BENCHMARKS[name].overrideKeys) {
    const value = overrides[key];
    if (value !== undefined) (accepted as Record<string, unknown>)[key] = value;
  }
  return withRecipe(name, accepted, device);
}

/**
 * Where a trial's validation numbers come from, in words: a held-out share of the training
 * split (image benchmarks), the corpus' valid split (language models), or "no validation"
 * (valFraction 0, the sleep benchmark), in which case the trial has no best epoch.
 */
export function validationOf(name: BenchmarkName, hyper: Partial<Hyper>): string {
  const info = BENCHMARKS[name];
  if (info.metric === "none") return "no validation";
  if (!info.overrideKeys.includes("valFraction")) return "the corpus' valid split";
  const fraction = hyper.valFraction ?? info.defaults.valFraction ?? 0;
  return fraction > 0 ? `${+(fraction * 100).toFixed(2)}% of the training split, held out` : "no validation";
}
