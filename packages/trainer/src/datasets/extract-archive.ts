import { createWriteStream, mkdirSync } from "node:fs";
import { dirname, isAbsolute, join, normalize } from "node:path";
import { pipeline } from "node:stream/promises";
import * as tar from "tar";
import yauzl from "yauzl";
import { DatasetError } from "./dataset-error.js";

// Why: the canonical dataset archives (CIFAR's .tar.gz, WikiText's .zip) are unpacked by
// well-kept libraries (npm tar, yauzl) streaming from disk, keeping regular files only: links,
// paths leaving the folder and oversized entries are what archive-extraction attacks use.

/** No dataset file is near this; a bigger entry is refused (a decompression bomb). */
const MAX_ENTRY_BYTES = 4 * 1024 ** 3;

function corrupt(archive: string, err: unknown): DatasetError {
  return new DatasetError(
    "corrupt",
    archive,
    `${archive} is not a readable archive (${(err as Error).message}); it is truncated or corrupt: delete it and download it again`,
    err,
  );
}

/** Extracts a .tar or .tar.gz file into `dest` (regular files only); returns the extracted paths. */
export async function extractTar(archive: string, dest: string): Promise<string[]> {
  mkdirSync(dest, { recursive: true });
  const out: string[] = [];
  try {
    await tar.x({
      file: archive,
      cwd: dest,
      strict: true,
      filter: (path, entry) => {
        const keep = "type" in entry && entry.type === "File" && (entry.size ?? 0) <= MAX_ENTRY_BYTES;
        if (keep) out.push(join(dest, normalize(path)));
        return keep;
      },
    });
  } catch (err) {
    throw corrupt(archive, err);
  }
  return out;
}

/** Extracts a .zip file into `dest` (files only; yauzl refuses absolute and `..` paths); returns the extracted paths. */
export async function extractZip(archive: string, dest: string): Promise<string[]> {
  const out: string[] = [];
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(archive, { lazyEntries: true, autoClose: true }, (err, z) => (err ? reject(err) : resolve(z))),
    );
  } catch (err) {
    throw corrupt(archive, err);
  }
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", () => resolve());
      zip.on("entry", (entry: yauzl.Entry) => {
        void (async () => {
          const name = normalize(entry.fileName);
          if (entry.fileName.endsWith("/")) return zip.readEntry();
          if (isAbsolute(name) || name.startsWith("..")) throw new Error(`unsafe path ${entry.fileName}`);
          if (entry.uncompressedSize > MAX_ENTRY_BYTES) throw new Error(`entry ${entry.fileName} is ${entry.uncompressedSize} bytes`);
          const path = join(dest, name);
          mkdirSync(dirname(path), { recursive: true });
          const stream = await new Promise<NodeJS.ReadableStream>((res, rej) => zip.openReadStream(entry, (err, s) => (err ? rej(err) : res(s))));
          await pipeline(stream, createWriteStream(path));
          out.push(path);
          zip.readEntry();
        })().catch((err: unknown) => {
          zip.close();
          reject(err as Error);
        });
      });
      zip.readEntry();
    });
  } catch (err) {
    throw corrupt(archive, err);
  }
  return out;
}
