import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { encodeIdx } from "../../src/index.js";

/** A fresh, empty data directory for one test. */
export function tempDataDir(prefix = "gemsweep-data-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes an IDX uint8 file (optionally gzipped) at dir/name. */
export function writeIdx(dir: string, name: string, dims: number[], data: Uint8Array, gzip = false): string {
  mkdirSync(dir, { recursive: true });
  const bytes = encodeIdx(dims, data);
  const path = join(dir, gzip ? `${name}.gz` : name);
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  return path;
}

/**
 * CIFAR binary records (label byte(s) + 3072 channel-major pixels) whose class is visible:
 * class c is a solid colour with a class-dependent brightness, plus noise.
 */
export function cifarRecords(count: number, classes: number, seed: number, labelBytes: 1 | 2 = 1): Uint8Array {
  const record = labelBytes + 3072;
  const out = new Uint8Array(count * record);
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  for (let n = 0; n < count; n++) {
    const label = n % classes;
    const off = n * record;
    if (labelBytes === 2) out[off] = label % 20;
    out[off + labelBytes - 1] = label;
    for (let c = 0; c < 3; c++) {
      const base = ((label * 37 + c * 71) % 200) + 20;
      for (let p = 0; p < 1024; p++) out[off + labelBytes + c * 1024 + p] = Math.min(255, base + Math.floor(rand() * 30));
    }
  }
  return out;
}

/** Writes the CIFAR-10 binary file set (5 training batches + test batch) into <dataDir>/cifar-10/. */
export function writeCifar10(dataDir: string, perBatch: number, testCount: number): string {
  const dir = join(dataDir, "cifar-10", "cifar-10-batches-bin");
  mkdirSync(dir, { recursive: true });
  for (let b = 1; b <= 5; b++) writeFileSync(join(dir, `data_batch_${b}.bin`), cifarRecords(perBatch, 10, b));
  writeFileSync(join(dir, "test_batch.bin"), cifarRecords(testCount, 10, 99));
  return dir;
}
