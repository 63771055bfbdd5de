import { createHash, webcrypto } from "node:crypto";
import { DatasetError } from "./dataset-error.js";

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Throws a DatasetError naming `file` when the bytes do not hash to `expected`. */
export function verifySha256(bytes: Uint8Array, expected: string | undefined, file: string): void {
  if (expected === undefined) return;
  checkSha256(sha256Hex(bytes), expected, file);
}

/** verifySha256 off the event loop: WebCrypto's digest runs on libuv's thread pool (see readDataFileAsync). */
export async function verifySha256Async(bytes: Uint8Array, expected: string | undefined, file: string): Promise<void> {
  if (expected === undefined) return;
  const digest = await webcrypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  checkSha256(Buffer.from(digest).toString("hex"), expected, file);
}

function checkSha256(actual: string, expected: string, file: string): void {
  if (actual !== expected.toLowerCase()) {
    throw new DatasetError(
      "corrupt",
      file,
      `checksum mismatch for ${file}: sha256 ${actual}, expected ${expected}; the file is corrupt or not the standard one (delete it and download it again)`,
    );
  }
}
