// Why: a dry run's compute estimate must rest on figures someone measured, each with where it
// was measured, and say "unknown" rather than guess where nobody did.
import type { BackendName, BenchmarkName } from "@gemsweep/contracts";

export interface MeasuredThroughput {
  benchmark: BenchmarkName;
  backend: Exclude<BackendName, "auto">;
  /** Training samples per second of one worker process. */
  samplesPerSec: number;
  /** The command, the machine and the document the figure comes from. */
  where: string;
}

/** Every figure the estimates use. Add a row when you measure one (docs/training.md#measured). */
export const MEASURED_THROUGHPUT: readonly MeasuredThroughput[] = [
  {
    benchmark: "fashion-mnist-mlp",
    backend: "wasm",
    samplesPerSec: 35_917,
    where:
      "docs/training.md#measured: `npm run bench:train:scaling -- --benchmark fashion-mnist-mlp --epochs 1 --reference --rounds 3`, the median of its three 1-process figures, 2-core AMD EPYC VM, Node 20, relu, batch 128, Adam, native GEMM addon (AVX-512), 2026-11-30 commit 3d0d6af",
  },
  {
    benchmark: "fashion-mnist-cnn",
    backend: "wasm",
    samplesPerSec: 6_291,
    where:
      "docs/training.md#measured: `npm run bench:train:scaling -- --benchmark fashion-mnist-cnn --epochs 1 --trainLimit 20000 --testLimit 2000 --reference --rounds 3`, the median of its three 1-process figures (one cold epoch), same VM, day and commit",
  },
  {
    benchmark: "mnist-cnn",
    backend: "wasm",
    samplesPerSec: 396,
    where:
      "docs/training.md#measured: `npm run bench:train -- --benchmark mnist-cnn --backend wasm --synthetic --epochs 1 --trainLimit 2000 --testLimit 500`, 1 process, same VM, day and commit, load ~1",
  },
  {
    benchmark: "cifar10-resnet56",
    backend: "wasm",
    samplesPerSec: 72,
    where:
      "docs/training.md#measured: `npm run bench:train -- --benchmark cifar10-resnet56 --backend wasm --synthetic --epochs 1 --trainLimit 640 --testLimit 200`, 1 process, same VM, day and commit, load ~1",
  },
  {
    benchmark: "cifar100-resnet56",
    backend: "wasm",
    samplesPerSec: 70,
    where:
      "docs/training.md#measured: `npm run bench:train -- --benchmark cifar100-resnet56 --backend wasm --synthetic --epochs 1 --trainLimit 640 --testLimit 200`, 1 process, same VM, day and commit, load ~1",
  },
];

/** Training examples of each benchmark's full training split (where a sample is one example). */
export const TRAIN_EXAMPLES: Readonly<Partial<Record<BenchmarkName, number>>> = {
  "fashion-mnist-mlp": 60_000,
  "mnist-mlp": 60_000,
  "fashion-mnist-cnn": 60_000,
  "mnist-cnn": 60_000,
  "cifar10-resnet20": 50_000,
  "cifar10-resnet56": 50_000,
  "cifar100-resnet56": 50_000,
};

/** The figure for a benchmark on a backend, or null when none was measured. */
export function measuredThroughput(benchmark: BenchmarkName, backend: string): MeasuredThroughput | null {
  return MEASURED_THROUGHPUT.find((m) => m.benchmark === benchmark && m.backend === backend) ?? null;
}
