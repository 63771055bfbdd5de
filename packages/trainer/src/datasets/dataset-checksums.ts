// Why: the checksums the trainer verifies a benchmark's data against, exposed for the attempt's reproducibility record.
import { createHash } from "node:crypto";
import type { BenchmarkName, DatasetRecord } from "@gemsweep/contracts";
import { ARCHIVE_MD5, IDX_PAYLOAD_SHA256 } from "./known-checksums.js";

/** The dataset each benchmark loads (sleep and synthetic load none: synthetic trains nothing). */
const BENCHMARK_DATASET: Readonly<Record<BenchmarkName, string | null>> = {
  "fashion-mnist-mlp": "fashion-mnist",
  "fashion-mnist-cnn": "fashion-mnist",
  "mnist-mlp": "mnist",
  "mnist-cnn": "mnist",
  "cifar10-resnet20": "cifar-10",
  "cifar10-resnet56": "cifar-10",
  "cifar100-resnet56": "cifar-100",
  "lm-tiny": "wikitext-2",
  "gpt2-124m": "wikitext-103",
  "bert-small": "wikitext-103",
  sleep: null,
  synthetic: null,
};

const CIFAR_ARCHIVE: Readonly<Record<string, string>> = {
  "cifar-10": "cifar-10-binary.tar.gz",
  "cifar-100": "cifar-100-binary.tar.gz",
};

function filesOf(dataset: string): {
  verified: DatasetRecord["verified"];
  files: Record<string, string>;
} {
  const idx = IDX_PAYLOAD_SHA256[dataset];
  if (idx) {
    // loadIdxFile verifies each file's decompressed payload every time it loads it
    return {
      verified: "every-load",
      files: Object.fromEntries(Object.entries(idx).map(([file, hex]) => [file, `sha256:${hex}`])),
    };
  }
  const archive = CIFAR_ARCHIVE[dataset];
  if (archive) {
    // loadCifarDataset checks the archive's published md5 when it downloads it
    const [url, md5] = Object.entries(ARCHIVE_MD5).find(([u]) => u.endsWith(`/${archive}`)) ?? [];
    if (url && md5) return { verified: "download", files: { [archive]: `md5:${md5}` } };
  }
  return { verified: "none", files: {} };
}

/**
 * The dataset a benchmark trains on and the checksums the trainer checks its files against
 * (known-checksums.ts), with one digest over them to compare records by; null for a benchmark
 * without data. A trial that trained on an IDX dataset trained on exactly these bytes.
 */
export function datasetChecksumsOf(benchmark: BenchmarkName): DatasetRecord | null {
  const name = BENCHMARK_DATASET[benchmark];
  if (!name) return null;
  const { verified, files } = filesOf(name);
  const lines = Object.keys(files)
    .sort()
    .map((file) => `${file} ${files[file]}\n`)
    .join("");
  return {
    name,
    verified,
    files,
    checksum: lines === "" ? null : createHash("sha256").update(lines).digest("hex"),
  };
}
