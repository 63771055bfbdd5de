import { ErrorCode, GemSweepError, isBenchmarkName, type BenchmarkName, type Hyper } from "@gemsweep/contracts";
import { BENCHMARKS, type BenchmarkInfo } from "@gemsweep/core";
import { loadIdxDataset, type LoadDatasetOptions } from "./datasets/mnist-dataset.js";
import { loadCifarDataset, type CifarName } from "./datasets/cifar-dataset.js";
import { limitSplit, type ImageDataset, type ImageSplit } from "./datasets/image-dataset.js";
import { holdOutValidation } from "./datasets/validation-split.js";
import { buildMlp } from "./models/mlp-model.js";
import { buildCnn } from "./models/cnn-model.js";
import { buildCifarResnet } from "./models/resnet-model.js";
import { buildTransformer, GPT2_124M, LM_TINY, BERT_SMALL, type TransformerConfig } from "./models/transformer-model.js";
import type { Model } from "./models/model.js";
import type { Rng } from "./rng.js";
import { imageTaskData } from "./train/image-task-data.js";
import { lmTaskData, mlmTaskData, compactVocabulary } from "./train/text-task-data.js";
import { loadTokenCorpus, type CorpusName } from "./datasets/text-corpus.js";
import type { TaskData } from "./train/task-data.js";

// Benchmark name -> dataset loader + model builder. The hyperparameter defaults, the metric and
// its direction live in core's catalog (plain data); this is the half that needs tfjs.

export interface TrainableBenchmark {
  kind: "train";
  name: BenchmarkName;
  info: BenchmarkInfo;
  /** What the model and data are, for reports. */
  description: string;
  load(hyper: Hyper, opts: LoadDatasetOptions, knobs: Record<string, number>): Promise<TaskData>;
  build(data: TaskData, rng: Rng, knobs: Record<string, number>): Model;
  /** Test examples per evaluation batch, and examples in the activation-health batch. */
  evalBatchSize: number;
  healthExamples: number;
}

export interface SleepBenchmark {
  kind: "sleep";
  name: "sleep";
  info: BenchmarkInfo;
  description: string;
}

/** No training: core's synthetic-benchmark.ts gives the metric as a known function (protocol tests). */
export interface SyntheticBenchmark {
  kind: "synthetic";
  name: "synthetic";
  info: BenchmarkInfo;
  description: string;
}

export type BenchmarkImpl = TrainableBenchmark | SleepBenchmark | SyntheticBenchmark;

/**
 * A dataset's train / validation / test: the first trainLimit training examples, of which the
 * fixed valFraction part is held out (validation-split.ts); validation and test capped at testLimit.
 */
function imageSplits(ds: ImageDataset, hyper: Hyper): { train: ImageSplit; val: ImageSplit; test: ImageSplit } {
  const px = ds.height * ds.width * ds.channels;
  const { train, val } = holdOutValidation(limitSplit(ds.train, hyper.trainLimit, px), hyper.valFraction ?? 0, px);
  return { train, val: limitSplit(val, hyper.testLimit, px), test: limitSplit(ds.test, hyper.testLimit, px) };
}

const MNIST_NORM = { mean: [0.5], std: [0.5] };
const CIFAR10_NORM = { mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.2435, 0.2616] };
const CIFAR100_NORM = { mean: [0.5071, 0.4865, 0.4409], std: [0.2673, 0.2564, 0.2762] };

function idxMlp(name: BenchmarkName, dataset: "mnist" | "fashion-mnist"): TrainableBenchmark {
  return {
    kind: "train",
    name,
    info: BENCHMARKS[name],
    description: `${dataset}, MLP 784-256-256-10`,
    evalBatchSize: 1000,
    healthExamples: 256,
    async load(hyper, opts) {
      const ds = await loadIdxDataset(dataset, opts);
      return imageTaskData(ds, imageSplits(ds, hyper), { layout: "flat", ...MNIST_NORM });
    },
    build: (data, rng, knobs) =>
      buildMlp(
        {
          inputSize: 784,
          hidden: Array.from({ length: knobs["layers"] ?? 2 }, () => knobs["hidden"] ?? 256),
          outputs: data.numClasses,
          ...(knobs["hiddenBias"] !== undefined ? { hiddenBias: knobs["hiddenBias"] } : {}),
        },
        rng,
      ),
  };
}

/**
 * conv-pool-conv-pool-dense-[dropout]-dense on 28x28 digits or clothes: fashion-mnist-cnn's
 * small 3x3 net, or mnist-cnn's 5x5 one of TensorFlow's Deep MNIST tutorial (docs/training.md#recipes).
 */
function idxCnn(name: BenchmarkName, dataset: "mnist" | "fashion-mnist", shape: { kernel: number; filters: [number, number]; hidden: number }): TrainableBenchmark {
  const [f1, f2] = shape.filters;
  return {
    kind: "train",
    name,
    info: BENCHMARKS[name],
    description: `${dataset}, CNN conv${shape.kernel}x${shape.kernel}(${f1})-pool-conv${shape.kernel}x${shape.kernel}(${f2})-pool-dense(${shape.hidden})-dropout-10`,
    evalBatchSize: 500,
    healthExamples: 128,
    async load(hyper, opts) {
      const ds = await loadIdxDataset(dataset, opts);
      return imageTaskData(ds, imageSplits(ds, hyper), { layout: "nhwc", ...MNIST_NORM });
    },
    build: (data, rng, knobs) =>
      buildCnn(
        {
          height: 28,
          width: 28,
          channels: 1,
          classes: data.numClasses,
          kernel: knobs["kernel"] ?? shape.kernel,
          filters: [knobs["filters1"] ?? f1, knobs["filters2"] ?? f2],
          hidden: knobs["hidden"] ?? shape.hidden,
        },
        rng,
      ),
  };
}

function cifarResnet(name: BenchmarkName, dataset: CifarName, depth: 20 | 56): TrainableBenchmark {
  const norm = dataset === "cifar-10" ? CIFAR10_NORM : CIFAR100_NORM;
  return {
    kind: "train",
    name,
    info: BENCHMARKS[name],
    description: `${dataset}, ResNet-${depth} (He et al. 2016, option-A shortcuts), crop+flip augmentation`,
    evalBatchSize: 500,
    healthExamples: 64,
    async load(hyper, opts) {
      const ds = await loadCifarDataset(dataset, opts);
      return imageTaskData(ds, imageSplits(ds, hyper), { layout: "nhwc", ...norm, cropPad: 4 });
    },
    build: (data, rng, knobs) => buildCifarResnet({ depth: knobs["depth"] ?? depth, classes: data.numClasses }, rng),
  };
}

function languageModel(name: BenchmarkName, corpus: CorpusName, base: TransformerConfig, description: string): TrainableBenchmark {
  return {
    kind: "train",
    name,
    info: BENCHMARKS[name],
    description,
    evalBatchSize: 8,
    healthExamples: 4,
    async load(hyper, opts, knobs) {
      const c = await loadTokenCorpus(corpus, opts);
      const ctx = knobs["context"] ?? base.context;
      const { vocabSize, ...splits } = base.maxVocab !== undefined ? compactVocabulary(c, base.maxVocab) : { ...c, vocabSize: c.vocabSize };
      return base.causal ? lmTaskData(splits, vocabSize, ctx, hyper) : mlmTaskData(splits, vocabSize, ctx, hyper);
    },
    build: (data, rng, knobs) => buildTransformer({ ...base, ...knobs, vocabSize: data.numClasses }, rng),
  };
}

const IMPLS: Record<BenchmarkName, BenchmarkImpl> = {
  "fashion-mnist-mlp": idxMlp("fashion-mnist-mlp", "fashion-mnist"),
  "mnist-mlp": idxMlp("mnist-mlp", "mnist"),
  "fashion-mnist-cnn": idxCnn("fashion-mnist-cnn", "fashion-mnist", { kernel: 3, filters: [16, 32], hidden: 128 }),
  "mnist-cnn": idxCnn("mnist-cnn", "mnist", { kernel: 5, filters: [32, 64], hidden: 1024 }),
  "cifar10-resnet20": cifarResnet("cifar10-resnet20", "cifar-10", 20),
  "cifar10-resnet56": cifarResnet("cifar10-resnet56", "cifar-10", 56),
  "cifar100-resnet56": cifarResnet("cifar100-resnet56", "cifar-100", 56),
  "lm-tiny": languageModel("lm-tiny", "wikitext-2", LM_TINY, "WikiText-2, GPT-2 BPE (4,095 most frequent tokens + <unk>), 2-layer decoder d=128"),
  "gpt2-124m": languageModel("gpt2-124m", "wikitext-103", GPT2_124M, "WikiText-103, GPT-2 BPE, GPT-2 small (12 layers, d=768, 124M parameters)"),
  "bert-small": languageModel("bert-small", "wikitext-103", BERT_SMALL, "WikiText-103, GPT-2 BPE + [MASK], BERT-small MLM (4 layers, d=512, 8 heads)"),
  sleep: { kind: "sleep", name: "sleep", info: BENCHMARKS.sleep, description: "no training: sleeps sleepMs per epoch" },
  synthetic: {
    kind: "synthetic",
    name: "synthetic",
    info: BENCHMARKS.synthetic,
    description: "no training: accuracy is a known function of lr, weight decay, activation, seed and epoch",
  },
};

export const BENCHMARK_REGISTRY: Readonly<Record<BenchmarkName, BenchmarkImpl>> = IMPLS;

export function getBenchmarkImpl(name: string): BenchmarkImpl {
  if (!isBenchmarkName(name)) {
    throw new GemSweepError(ErrorCode.INVALID_INPUT, `unknown benchmark '${name}'`, {
      issues: [{ path: "benchmark", message: `unknown benchmark '${name}'` }],
    });
  }
  return IMPLS[name];
}
