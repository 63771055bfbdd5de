import { existsSync } from "node:fs";
import { join } from "node:path";
import { verifySha256Async } from "./checksum.js";
import { dataDir, datasetDirs, findFile } from "./data-dir.js";
import { DatasetError } from "./dataset-error.js";
import { downloadFile, downloadsEnabled } from "./download-file.js";
import { parseIdx } from "./idx-format.js";
import { ARCHIVE_SHA256, IDX_PAYLOAD_SHA256 } from "./known-checksums.js";
import { readDataFileAsync } from "./read-data-file.js";
import { sourceUrl } from "./source-url.js";
import type { ImageDataset, ImageSplit } from "./image-dataset.js";
import { syntheticImageDataset } from "./synthetic-image-dataset.js";

export type IdxDatasetName = "mnist" | "fashion-mnist";

const BASE_URL: Record<IdxDatasetName, string> = {
  mnist: "https://storage.googleapis.com/cvdf-datasets/mnist/",
  "fashion-mnist": "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
};

const FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

export interface LoadDatasetOptions {
  /** Data directory (default: dataDir()). */
  dataDir?: string;
  /** Download missing files from the canonical URLs (default: downloadsEnabled()). */
  download?: boolean;
  /** Verify known checksums, of files found and of downloads (default true). */
  verify?: boolean;
  /** Download from this copy of the canonical files (default: $GEMSWEEP_DATA_MIRROR; none: the canonical URLs). */
  mirror?: string;
  /** Random data of the dataset's shapes instead of the files: throughput benchmarks only. */
  synthetic?: boolean;
}

/** Finds (or downloads) one IDX file, parses and verifies it. */
export async function loadIdxFile(
  dataset: IdxDatasetName,
  base: string,
  opts: LoadDatasetOptions = {},
): Promise<{ dims: number[]; data: Uint8Array; path: string }> {
  const dirs = datasetDirs(dataset, opts.dataDir);
  let path = findFile(dirs, [base, `${base}.gz`]);
  if (!path) {
    const dest = join(dataDir(opts.dataDir), dataset, `${base}.gz`);
    if (!(opts.download ?? downloadsEnabled())) {
      throw new DatasetError(
        "missing",
        dest,
        `missing ${dataset} file ${base}.gz: put it (gzipped or not) in ${join(dataDir(opts.dataDir), dataset)} ` +
          `(searched ${dirs.join(", ")}; downloads are off)`,
      );
    }
    const url = `${BASE_URL[dataset]}${base}.gz`;
    const sha256 = opts.verify === false ? undefined : ARCHIVE_SHA256[url];
    await downloadFile(sourceUrl(url, opts.mirror), dest, sha256 ? { sha256 } : {});
    path = dest;
  }
  if (!existsSync(path)) throw new DatasetError("missing", path, `missing ${path}`);
  // off the event loop: a worker's job-lock renewals and heartbeats keep running meanwhile
  const bytes = await readDataFileAsync(path);
  if (opts.verify ?? true) await verifySha256Async(bytes, IDX_PAYLOAD_SHA256[dataset]?.[base], path);
  const { dims, data } = parseIdx(bytes, path);
  return { dims, data, path };
}

async function loadSplit(
  dataset: IdxDatasetName,
  images: string,
  labels: string,
  opts: LoadDatasetOptions,
): Promise<{ split: ImageSplit; height: number; width: number }> {
  const img = await loadIdxFile(dataset, images, opts);
  const lab = await loadIdxFile(dataset, labels, opts);
  if (img.dims.length !== 3) throw new DatasetError("corrupt", img.path, `${img.path}: expected 3 dimensions (N, H, W), got ${img.dims.length}`);
  if (lab.dims.length !== 1) throw new DatasetError("corrupt", lab.path, `${lab.path}: expected 1 dimension (N), got ${lab.dims.length}`);
  const [count, height, width] = img.dims as [number, number, number];
  if (lab.dims[0] !== count) {
    throw new DatasetError("corrupt", lab.path, `${lab.path} has ${lab.dims[0]} labels but ${img.path} has ${count} images`);
  }
  for (let i = 0; i < count; i++) {
    if (lab.data[i]! > 9) throw new DatasetError("corrupt", lab.path, `${lab.path}: label ${lab.data[i]} at ${i} is not in 0..9`);
  }
  return { split: { images: img.data, labels: lab.data, count }, height, width };
}

/**
 * Loads under way in this process, by dataset and options: trials that start together in one
 * worker (a worker takes `--concurrency` jobs at once) share one read, gunzip and checksum
 * instead of running them side by side. Only while the load runs: a later trial reads the
 * files again, so a file replaced meanwhile is read as it is now.
 */
const loading = new Map<string, Promise<ImageDataset>>();

/** MNIST or Fashion-MNIST from IDX files (gzip or not), checksummed where the sums are known. */
export async function loadIdxDataset(dataset: IdxDatasetName, opts: LoadDatasetOptions = {}): Promise<ImageDataset> {
  if (opts.synthetic) return syntheticImageDataset({ name: dataset, height: 28, width: 28, channels: 1, numClasses: 10, trainCount: 60000, testCount: 10000 });
  const key = JSON.stringify([dataset, opts.dataDir, opts.download, opts.verify, opts.mirror]);
  const running = loading.get(key);
  if (running) return running;
  const load = readIdxDataset(dataset, opts).finally(() => loading.delete(key));
  loading.set(key, load);
  return load;
}

async function readIdxDataset(dataset: IdxDatasetName, opts: LoadDatasetOptions): Promise<ImageDataset> {
  const train = await loadSplit(dataset, FILES.trainImages, FILES.trainLabels, opts);
  const test = await loadSplit(dataset, FILES.testImages, FILES.testLabels, opts);
  return {
    name: dataset,
    height: train.height,
    width: train.width,
    channels: 1,
    numClasses: 10,
    train: train.split,
    test: test.split,
  };
}
