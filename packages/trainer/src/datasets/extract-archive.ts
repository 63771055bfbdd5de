import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { gunzipSync, inflateRawSync } from "node:zlib";
import { DatasetError } from "./dataset-error.js";

// Just enough tar / zip reading to unpack the canonical dataset archives (CIFAR .tar.gz,
// WikiText .zip) without a dependency: regular files only, no links.

function safeJoin(root: string, name: string, archive: string): string {
  const rel = normalize(name);
  if (rel.startsWith("..") || rel.startsWith("/")) throw new DatasetError("corrupt", archive, `unsafe path ${name} in ${archive}`);
  return join(root, rel);
}

function write(path: string, data: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/** Extracts a .tar or .tar.gz (ustar) into `dest`; returns the extracted paths. */
export function extractTar(bytes: Uint8Array, dest: string, archive: string): string[] {
  const data = bytes[0] === 0x1f && bytes[1] === 0x8b ? new Uint8Array(gunzipSync(bytes)) : bytes;
  const out: string[] = [];
  const text = (off: number, len: number) => {
    const slice = data.subarray(off, off + len);
    const end = slice.indexOf(0);
    return Buffer.from(end >= 0 ? slice.subarray(0, end) : slice).toString("utf8");
  };
  let off = 0;
  while (off + 512 <= data.length) {
    const name = text(off, 100);
    if (name === "") break;
    const size = parseInt(text(off + 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(data[off + 156] ?? 0);
    const prefix = text(off + 345, 155);
    const full = prefix ? `${prefix}/${name}` : name;
    const start = off + 512;
    if (start + size > data.length) throw new DatasetError("corrupt", archive, `${archive} is truncated (entry ${full})`);
    if (type === "0" || type === "\0") {
      const path = safeJoin(dest, full, archive);
      write(path, data.subarray(start, start + size));
      out.push(path);
    }
    off = start + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** Extracts a .zip (stored or deflated entries) into `dest`; returns the extracted paths. */
export function extractZip(bytes: Uint8Array, dest: string, archive: string): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new DatasetError("corrupt", archive, `${archive} is not a zip file or is truncated`);
  const count = view.getUint16(eocd + 10, true);
  let cd = view.getUint32(eocd + 16, true);
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    if (view.getUint32(cd, true) !== 0x02014b50) throw new DatasetError("corrupt", archive, `${archive}: bad central directory`);
    const method = view.getUint16(cd + 10, true);
    const compSize = view.getUint32(cd + 20, true);
    const nameLen = view.getUint16(cd + 28, true);
    const extraLen = view.getUint16(cd + 30, true);
    const commentLen = view.getUint16(cd + 32, true);
    const local = view.getUint32(cd + 42, true);
    const name = Buffer.from(bytes.subarray(cd + 46, cd + 46 + nameLen)).toString("utf8");
    cd += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith("/")) continue;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const comp = bytes.subarray(start, start + compSize);
    const content = method === 0 ? comp : method === 8 ? new Uint8Array(inflateRawSync(comp)) : undefined;
    if (!content) throw new DatasetError("corrupt", archive, `${archive}: unsupported compression ${method} for ${name}`);
    const path = safeJoin(dest, name, archive);
    write(path, content);
    out.push(path);
  }
  return out;
}
