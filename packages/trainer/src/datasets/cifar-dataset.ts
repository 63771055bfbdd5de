import { existsSync } from "node:fs";
import { join } from "node:path";
import { dataDir, findFile } from "./data-dir.js";
import { DatasetError } from "./dataset-error.js";
import { downloadFile, downloadsEnabled } from "./download-file.js";
import { extractTar } from "./extract-archive.js";
import { ARCHIVE_MD5 } from "./known-checksums.js";
import { readDataFile } from "./read-data-file.js";
import { sourceUrl } from "./source-url.js";
import { syntheticImageDataset } from "./synthetic-image-dataset.js";
import type { ImageDataset, ImageSplit } from "./image-dataset.js";
import type { LoadDatasetOptions } from "./mnist-dataset.js";

// CIFAR binary version: each record is the label byte(s) then 3072 pixel bytes, channel-major
// (1024 R, 1024 G, 1024 B) of a 32x32 image. CIFAR-10 has 1 label byte, CIFAR-100 two
// (coarse, fine; the fine label is the one used).

export type CifarName = "cifar-10" | "cifar-100";

const LAYOUT = {
  "cifar-10": {
    labelBytes: 1,
    numClasses: 10,
    subdir: "cifar-10-batches-bin",
    train: ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"],
    test: ["test_batch.bin"],
    url: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
  },
  "cifar-100": {
    labelBytes: 2,
    numClasses: 100,
    subdir: "cifar-100-binary",
    train: ["train.bin"],
    test: ["test.bin"],
    url: "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz",
  },
} as const;

const PIXELS = 32 * 32 * 3;

/** Parses CIFAR binary records into NHWC uint8 images and labels. */
export function parseCifar(bytes: Uint8Array, labelBytes: 1 | 2, numClasses: number, file: string): ImageSplit {
  const record = labelBytes + PIXELS;
  if (bytes.length === 0 || bytes.length % record !== 0) {
    throw new DatasetError(
      "corrupt",
      file,
      `${file} is not a CIFAR binary file: ${bytes.length} bytes is not a multiple of the ${record}-byte record (truncated or corrupt)`,
    );
  }
  const count = bytes.length / record;
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const off = n * record;
    const label = bytes[off + labelBytes - 1]!;
    if (label >= numClasses) throw new DatasetError("corrupt", file, `${file}: label ${label} of record ${n} is not in 0..${numClasses - 1}`);
    labels[n] = label;
    const src = off + labelBytes;
    const dst = n * PIXELS;
    for (let p = 0; p < 1024; p++) {
      images[dst + 3 * p] = bytes[src + p]!;
      images[dst + 3 * p + 1] = bytes[src + 1024 + p]!;
      images[dst + 3 * p + 2] = bytes[src + 2048 + p]!;
    }
  }
  return { images, labels, count };
}

function concatSplits(splits: ImageSplit[]): ImageSplit {
  const count = splits.reduce((a, s) => a + s.count, 0);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let n = 0;
  for (const s of splits) {
    images.set(s.images, n * PIXELS);
    labels.set(s.labels, n);
    n += s.count;
  }
  return { images, labels, count };
}

/** CIFAR-10 / CIFAR-100 from <dataDir>/<name>/ (or its archive's subfolder), downloading the archive if allowed. */
export async function loadCifarDataset(name: CifarName, opts: LoadDatasetOptions = {}): Promise<ImageDataset> {
  const layout = LAYOUT[name];
  if (opts.synthetic) return syntheticImageDataset({ name, height: 32, width: 32, channels: 3, numClasses: layout.numClasses, trainCount: 50000, testCount: 10000 });
  const root = join(dataDir(opts.dataDir), name);
  const dirs = [root, join(root, layout.subdir)];
  const locate = async (file: string): Promise<string> => {
    const found = findFile(dirs, [file]);
    if (found) return found;
    if (!(opts.download ?? downloadsEnabled())) {
      throw new DatasetError(
        "missing",
        join(root, file),
        `missing ${name} file ${file}: put the CIFAR binary files in ${root} (searched ${dirs.join(", ")}; downloads are off)`,
      );
    }
    const archive = join(root, layout.url.split("/").pop()!);
    const md5 = opts.verify === false ? undefined : ARCHIVE_MD5[layout.url];
    await downloadFile(sourceUrl(layout.url, opts.mirror), archive, md5 ? { md5 } : {});
    await extractTar(archive, root);
    const after = findFile(dirs, [file]);
    if (!after || !existsSync(after)) throw new DatasetError("missing", join(root, file), `${archive} did not contain ${file}`);
    return after;
  };
  const read = async (files: readonly string[]) => {
    const parts: ImageSplit[] = [];
    for (const f of files) {
      const path = await locate(f);
      parts.push(parseCifar(readDataFile(path), layout.labelBytes, layout.numClasses, path));
    }
    return parts.length === 1 ? parts[0]! : concatSplits(parts);
  };
  return {
    name,
    height: 32,
    width: 32,
    channels: 3,
    numClasses: layout.numClasses,
    train: await read(layout.train),
    test: await read(layout.test),
  };
}
