import { createHash } from "node:crypto";
import { DatasetError } from "./dataset-error.js";

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Throws a DatasetError naming `file` when the bytes do not hash to `expected`. */
export function verifySha256(bytes: Uint8Array, expected: string | undefined, file: string): void {
  if (expected === undefined) return;
  const actual = sha256Hex(bytes);
  if (actual !== expected.toLowerCase()) {
    throw new DatasetError(
      "corrupt",
      file,
      `checksum mismatch for ${file}: sha256 ${actual}, expected ${expected}; the file is corrupt or not the standard one (delete it and download it again)`,
    );
  }
}
