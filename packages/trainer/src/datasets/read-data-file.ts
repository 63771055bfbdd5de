import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { DatasetError } from "./dataset-error.js";

/** Reads a file, gunzipping it when it starts with the gzip magic; corrupt gzip -> DatasetError. */
export function readDataFile(path: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    throw new DatasetError("missing", path, `cannot read ${path}: ${(err as Error).message}`, err);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return new Uint8Array(gunzipSync(raw));
    } catch (err) {
      throw new DatasetError(
        "corrupt",
        path,
        `${path} is not a valid gzip file (${(err as Error).message}); it is truncated or corrupt: delete it and download it again`,
        err,
      );
    }
  }
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}
