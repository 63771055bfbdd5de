import { DatasetError } from "./dataset-error.js";

// IDX (the MNIST file format): 2 zero bytes, a type byte (0x08 = uint8), the number of
// dimensions, then each dimension as a big-endian uint32, then the data, row-major.

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  const bad = (why: string) => new DatasetError("corrupt", file, `${file} is not a valid IDX file: ${why}`);
  if (bytes.length < 4) throw bad(`only ${bytes.length} bytes`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw bad("bad magic number");
  if (bytes[2] !== 0x08) throw bad(`element type 0x${(bytes[2] ?? 0).toString(16)} is not uint8 (0x08)`);
  const ndims = bytes[3]!;
  if (ndims < 1 || ndims > 4) throw bad(`${ndims} dimensions`);
  const headerSize = 4 + 4 * ndims;
  if (bytes.length < headerSize) throw bad("header is truncated");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  const have = bytes.length - headerSize;
  if (have < size) throw bad(`truncated: header says ${dims.join("x")} = ${size} bytes of data, file has ${have}`);
  if (have > size) throw bad(`${have - size} unexpected trailing bytes after ${dims.join("x")} data`);
  return { dims, data: bytes.subarray(headerSize, headerSize + size) };
}

/** Writes an IDX uint8 file's bytes (used by tests and tools that make small datasets). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = 0x08;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
