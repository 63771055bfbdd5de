import * as z from "zod";

// The benchmarks a sweep can name, what each reports and which way is better. The recipes
// (default hyperparameters and their sources) are packages/core's; the datasets and models,
// packages/trainer's.

export const BENCHMARK_NAMES = [
  "fashion-mnist-mlp",
  "mnist-mlp",
  "fashion-mnist-cnn",
  "mnist-cnn",
  "cifar10-resnet20",
  "cifar10-resnet56",
  "cifar100-resnet56",
  "lm-tiny",
  "gpt2-124m",
  "bert-small",
  "sleep",
  "synthetic",
] as const;
export const benchmarkNameSchema = z.enum(BENCHMARK_NAMES);
export type BenchmarkName = z.infer<typeof benchmarkNameSchema>;

export const METRICS = ["accuracy", "perplexity", "loss", "none"] as const;
export type MetricName = (typeof METRICS)[number];
export type Direction = "max" | "min";
/** The evaluation split whose numbers a trial reports (its final and best metric). */
export type ReportedSplit = "test" | "validation";

export interface BenchmarkMetric {
  readonly title: string;
  /** The metric a trial reports per epoch, and whether higher (max) or lower (min) is better. */
  readonly metric: MetricName;
  readonly direction: Direction;
  /**
   * Where the reported numbers come from: the test split, or the validation split where the
   * literature reports that (BERT's masked-LM loss). Either way the best epoch is chosen on validation.
   */
  readonly reportedSplit: ReportedSplit;
}

export const BENCHMARK_METRICS: Readonly<Record<BenchmarkName, BenchmarkMetric>> = {
  "fashion-mnist-mlp": { title: "Fashion-MNIST, MLP", metric: "accuracy", direction: "max", reportedSplit: "test" },
  "mnist-mlp": { title: "MNIST, MLP", metric: "accuracy", direction: "max", reportedSplit: "test" },
  "fashion-mnist-cnn": { title: "Fashion-MNIST, CNN", metric: "accuracy", direction: "max", reportedSplit: "test" },
  "mnist-cnn": { title: "MNIST, CNN", metric: "accuracy", direction: "max", reportedSplit: "test" },
  "cifar10-resnet20": { title: "CIFAR-10, ResNet-20", metric: "accuracy", direction: "max", reportedSplit: "test" },
  "cifar10-resnet56": { title: "CIFAR-10, ResNet-56", metric: "accuracy", direction: "max", reportedSplit: "test" },
  "cifar100-resnet56": { title: "CIFAR-100, ResNet-56", metric: "accuracy", direction: "max", reportedSplit: "test" },
  "lm-tiny": { title: "Tiny character LM", metric: "perplexity", direction: "min", reportedSplit: "test" },
  "gpt2-124m": { title: "GPT-2 124M", metric: "perplexity", direction: "min", reportedSplit: "test" },
  "bert-small": { title: "BERT-small (MLM, validation)", metric: "loss", direction: "min", reportedSplit: "validation" },
  sleep: { title: "Sleep (no-op, orchestration tests)", metric: "none", direction: "max", reportedSplit: "test" },
  synthetic: { title: "Synthetic (known optimum, protocol tests)", metric: "accuracy", direction: "max", reportedSplit: "test" },
};

export function isBenchmarkName(name: string): name is BenchmarkName {
  return (BENCHMARK_NAMES as readonly string[]).includes(name);
}
