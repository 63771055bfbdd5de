import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { DatasetError } from "./dataset-error.js";

/** Downloads are on unless GEMSWEEP_DOWNLOAD=0 (tests and air-gapped machines turn them off). */
export function downloadsEnabled(): boolean {
  return process.env["GEMSWEEP_DOWNLOAD"] !== "0";
}

export interface DownloadOptions {
  sha256?: string;
  md5?: string;
}

/**
 * Fetches `url` into `dest` (atomically: a .part file renamed when complete and verified).
 * Any failure -> DatasetError that names the file and where to put it by hand.
 */
export async function downloadFile(url: string, dest: string, opts: DownloadOptions = {}): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    throw new DatasetError(
      "missing",
      dest,
      `missing ${dest}, and downloading it from ${url} failed (${(err as Error).message}); download it elsewhere and put it at ${dest}`,
      err,
    );
  }
  for (const [algo, expected] of [["sha256", opts.sha256], ["md5", opts.md5]] as const) {
    if (!expected) continue;
    const actual = createHash(algo).update(bytes).digest("hex");
    if (actual !== expected) {
      throw new DatasetError("corrupt", dest, `download of ${url} has ${algo} ${actual}, expected ${expected}`);
    }
  }
  mkdirSync(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  writeFileSync(part, bytes);
  renameSync(part, dest);
  return bytes;
}
