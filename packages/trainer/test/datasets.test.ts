import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  DatasetError,
  encodeIdx,
  loadCifarDataset,
  loadIdxDataset,
  loadIdxFile,
  loadTokenCorpus,
  parseCifar,
  parseIdx,
  gpt2Decode,
  gpt2Encode,
} from "../src/index.js";
import { cifarRecords, tempDataDir, writeCifar10, writeIdx } from "./helpers/dataset-files.js";

function smallMnist(dir: string, gzip: boolean, train = 6, test = 4) {
  const img = (n: number) => Uint8Array.from({ length: n * 28 * 28 }, (_, i) => i % 251);
  const lab = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 10);
  writeIdx(dir, "train-images-idx3-ubyte", [train, 28, 28], img(train), gzip);
  writeIdx(dir, "train-labels-idx1-ubyte", [train], lab(train), gzip);
  writeIdx(dir, "t10k-images-idx3-ubyte", [test, 28, 28], img(test), gzip);
  writeIdx(dir, "t10k-labels-idx1-ubyte", [test], lab(test), gzip);
}

describe("IDX format", () => {
  it("round-trips dims and data", () => {
    const data = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    const parsed = parseIdx(encodeIdx([2, 3], data), "x.idx");
    expect(parsed.dims).toEqual([2, 3]);
    expect([...parsed.data]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("rejects a truncated payload, naming the file", () => {
    const bytes = encodeIdx([10, 28, 28], new Uint8Array(10 * 784)).subarray(0, 1000);
    expect(() => parseIdx(bytes, "/data/train-images-idx3-ubyte")).toThrow(/train-images-idx3-ubyte.*truncated/);
  });

  it("rejects a bad magic number", () => {
    expect(() => parseIdx(Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]), "f")).toThrow(DatasetError);
  });
});

describe("MNIST-format datasets", () => {
  it("loads gzipped and plain IDX files from the data directory (unknown dataset sums are not checked)", async () => {
    for (const gzip of [true, false]) {
      const root = tempDataDir();
      smallMnist(join(root, "mnist"), gzip);
      const ds = await loadIdxDataset("mnist", { dataDir: root, download: false, verify: false });
      expect(ds.train.count).toBe(6);
      expect(ds.test.count).toBe(4);
      expect([ds.height, ds.width, ds.channels, ds.numClasses]).toEqual([28, 28, 1, 10]);
      expect(ds.train.labels[3]).toBe(3);
      expect(ds.train.images[300]).toBe(300 % 251);
    }
  });

  it("rejects a file whose checksum differs from the standard file's", async () => {
    const root = tempDataDir();
    smallMnist(join(root, "mnist"), true);
    await expect(loadIdxDataset("mnist", { dataDir: root, download: false })).rejects.toThrow(/checksum mismatch for .*mnist\/train-images-idx3-ubyte\.gz/);
  });

  it("rejects a truncated gzip file with its path", async () => {
    const root = tempDataDir();
    const dir = join(root, "mnist");
    mkdirSync(dir, { recursive: true });
    const full = gzipSync(encodeIdx([100], new Uint8Array(100)));
    writeFileSync(join(dir, "train-labels-idx1-ubyte.gz"), full.subarray(0, full.length - 12));
    const err = await loadIdxFile("mnist", "train-labels-idx1-ubyte", { dataDir: root, download: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).message).toMatch(/train-labels-idx1-ubyte\.gz.*truncated or corrupt/);
  });

  it("a missing file error names the file and the folder to put it in", async () => {
    const root = tempDataDir();
    const err = (await loadIdxDataset("mnist", { dataDir: root, download: false }).catch((e: unknown) => e)) as DatasetError;
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.code).toBe("NOT_FOUND");
    expect(err.message).toContain("train-images-idx3-ubyte.gz");
    expect(err.message).toContain(join(root, "mnist"));
  });

  it("finds the real Fashion-MNIST that Debian's dataset-fashion-mnist installs, checksums verified", async () => {
    const ds = await loadIdxDataset("fashion-mnist", { dataDir: tempDataDir(), download: false });
    expect(ds.train.count).toBe(60000);
    expect(ds.test.count).toBe(10000);
  });
});

describe("CIFAR binary format", () => {
  it("parses records into NHWC images and labels", () => {
    const rec = cifarRecords(3, 10, 1);
    const split = parseCifar(rec, 1, 10, "b.bin");
    expect(split.count).toBe(3);
    expect([...split.labels]).toEqual([0, 1, 2]);
    // pixel 5 of image 2: R, G, B come from the three channel planes.
    const off = 2 * 3073 + 1;
    expect(split.images[2 * 3072 + 5 * 3]).toBe(rec[off + 5]);
    expect(split.images[2 * 3072 + 5 * 3 + 1]).toBe(rec[off + 1024 + 5]);
    expect(split.images[2 * 3072 + 5 * 3 + 2]).toBe(rec[off + 2048 + 5]);
  });

  it("reads CIFAR-100's fine label (second label byte)", () => {
    const split = parseCifar(cifarRecords(12, 100, 3, 2), 2, 100, "train.bin");
    expect(split.labels[11]).toBe(11);
  });

  it("rejects a truncated file", () => {
    expect(() => parseCifar(cifarRecords(2, 10, 1).subarray(0, 5000), 1, 10, "/d/data_batch_1.bin")).toThrow(/data_batch_1\.bin.*truncated/);
  });

  it("loads the CIFAR-10 file set and names a missing batch", async () => {
    const root = tempDataDir();
    writeCifar10(root, 4, 3);
    const ds = await loadCifarDataset("cifar-10", { dataDir: root, download: false });
    expect(ds.train.count).toBe(20);
    expect(ds.test.count).toBe(3);
    const empty = tempDataDir();
    await expect(loadCifarDataset("cifar-10", { dataDir: empty, download: false })).rejects.toThrow(/data_batch_1\.bin.*cifar-10/);
  });
  // Archive unpacking (npm tar, yauzl) and downloads: download-file.test.ts.
});

describe("text corpus (GPT-2 BPE)", () => {
  it("tokenizes offline with GPT-2's vocabulary", () => {
    const ids = gpt2Encode("Hello world");
    expect(ids).toEqual([15496, 995]);
    expect(gpt2Decode(ids)).toBe("Hello world");
  });

  it("loads train/valid/test splits and names a missing one", async () => {
    const root = tempDataDir();
    const dir = join(root, "wikitext-2");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "wiki.train.raw"), " = Valkyria = \n The game began development in 2010 .\n");
    writeFileSync(join(dir, "wiki.valid.raw"), " The music was composed by Hitoshi Sakimoto .\n");
    await expect(loadTokenCorpus("wikitext-2", { dataDir: root, download: false })).rejects.toThrow(/wiki\.test\.raw.*wikitext-2/);
    writeFileSync(join(dir, "wiki.test.raw"), " It met with positive sales in Japan .\n");
    const corpus = await loadTokenCorpus("wikitext-2", { dataDir: root, download: false });
    expect(gpt2Decode([...corpus.test])).toBe(" It met with positive sales in Japan .\n");
    expect(corpus.vocabSize).toBe(50257);
  });
});
