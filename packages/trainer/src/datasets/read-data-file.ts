import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { gunzip, gunzipSync } from "node:zlib";
import { DatasetError } from "./dataset-error.js";

const gunzipAsync = promisify(gunzip);

const isGzip = (raw: Buffer): boolean => raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
const bytesOf = (raw: Buffer): Uint8Array =>
  new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);

function missing(path: string, err: unknown): DatasetError {
  return new DatasetError("missing", path, `cannot read ${path}: ${(err as Error).message}`, err);
}

function corruptGzip(path: string, err: unknown): DatasetError {
  return new DatasetError(
    "corrupt",
    path,
    `${path} is not a valid gzip file (${(err as Error).message}); it is truncated or corrupt: delete it and download it again`,
    err,
  );
}

/** Reads a file, gunzipping it when it starts with the gzip magic; corrupt gzip -> DatasetError. */
export function readDataFile(path: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    throw missing(path, err);
  }
  if (!isGzip(raw)) return bytesOf(raw);
  try {
    return new Uint8Array(gunzipSync(raw));
  } catch (err) {
    throw corruptGzip(path, err);
  }
}

/**
 * readDataFile without blocking the event loop: the read and the gunzip run on libuv's thread
 * pool. A worker loading Fashion-MNIST (26 MB of gzip) synchronously stalled its event loop for
 * seconds on a loaded machine, long enough to miss its job locks' renewals (lock 10 s), so
 * every trial it held was taken over, over and over (the soak found trials with 20 attempts).
 */
export async function readDataFileAsync(path: string): Promise<Uint8Array> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (err) {
    throw missing(path, err);
  }
  if (!isGzip(raw)) return bytesOf(raw);
  try {
    return new Uint8Array(await gunzipAsync(raw));
  } catch (err) {
    throw corruptGzip(path, err);
  }
}
