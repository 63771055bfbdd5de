// A 3x3 stride-1 convolution and its filter gradient on the wasm heap by Winograd's F(2x2, 3x3):
// per image, blocks of tile rows small enough that their transformed data stay in L2. Forward
// (and the input gradient, a convolution too): per block an input transform, 16 matrix products
// V[p] U[p] (GemSweepMatMul's module) and an output transform. Filter gradient: per block the
// input and dy transforms and 16 products V[p]^T D[p] summed into M[p]; G^T M G once at the end.
// 2.25x fewer multiplies than the direct passes (16 per 2x2 tile and channel pair instead of 36).
import type * as tf from "@tensorflow/tfjs";
import { type DirectConvShape } from "../training/direct-conv-simd-module.js";
import { winogradFilterGradTransform, winogradFilterTransform } from "../training/winograd.js";
import { winogradBlockKey, winogradGradientModuleBytes, winogradInputModuleBytes, winogradOutputModuleBytes, type WinogradBlockShape, type WinogradTransformRun } from "../training/winograd-simd-modules.js";
import { matMulBatchRun } from "./matmul-kernels.js";
import { freeScratch, heapPointer, heapView, shapedModuleExport, wasmMemory, type WasmBackend } from "./wasm-backend.js";

/** Bytes of V and M of one block together: within L2 (1 MiB on the Zen 4 these ran on) with room for U and the tensors. */
const BLOCK_BYTES = 256 * 1024;

/**
 * Bytes between positions p and p + 1 of V or M: a 4 KiB multiple would put all 16 in the same L1
 * sets (the transforms touch all 16 per tile), so step one cache line further.
 */
const positionStep = (bytes: number) => (bytes % 4096 === 0 ? bytes + 64 : bytes);

const transforms = new WeakMap<WebAssembly.Memory, Map<string, WinogradTransformRun>>();

/** The blocking of one shape: tile rows per block and the layout of V (input side) and of the output side (M or D). */
function blocking(s: DirectConvShape): { tileRows: number; tilesPerRow: number; blockTileRows: number; inputSide: WinogradBlockShape; outputSide: WinogradBlockShape } {
  const [tileRows, tilesPerRow] = [s.outRows / 2, s.outCols / 2];
  const blockTileRows = Math.max(1, Math.min(tileRows, Math.floor(BLOCK_BYTES / (16 * (s.cin + s.cout) * 4 * tilesPerRow))));
  const blockTiles = blockTileRows * tilesPerRow;
  return {
    tileRows,
    tilesPerRow,
    blockTileRows,
    inputSide: { channels: s.cin, cols: s.inCols, tilesPerRow, positionStep: positionStep(blockTiles * s.cin * 4) },
    outputSide: { channels: s.cout, cols: s.outCols, tilesPerRow, positionStep: positionStep(blockTiles * s.cout * 4) },
  };
}

/** Every block of a pass, image by image: byte offsets of its first tile row in the padded input and in the output (or dy), and its tile rows. */
function* blocks(s: DirectConvShape, images: number, tileRows: number, blockTileRows: number): Generator<{ inputAt: number; outputAt: number; rows: number }> {
  const [inImage, inTileRow] = [s.inRows * s.inCols * s.cin * 4, 2 * s.inCols * s.cin * 4];
  const [outImage, outTileRow] = [s.outRows * s.outCols * s.cout * 4, 2 * s.outCols * s.cout * 4];
  for (let n = 0; n < images; n++) {
    for (let row = 0; row < tileRows; row += blockTileRows) {
      yield { inputAt: n * inImage + row * inTileRow, outputAt: n * outImage + row * outTileRow, rows: Math.min(blockTileRows, tileRows - row) };
    }
  }
}

const transform = (wasm: WasmBackend, side: "input" | "output" | "gradient", shape: WinogradBlockShape, bytes: (s: WinogradBlockShape) => Uint8Array<ArrayBuffer>): WinogradTransformRun =>
  shapedModuleExport(transforms, wasmMemory(wasm), winogradBlockKey(side, shape), () => bytes(shape));

/** Scratch float32 buffers on the heap, all allocated before any view is taken (makeOutput may grow the heap). */
const scratch = (wasm: WasmBackend, ...counts: number[]): tf.TensorInfo[] => counts.map((n) => wasm.makeOutput([n], "float32"));

/**
 * output = conv(input, filter) for a shape winogradApplies() accepts; addresses are bytes on the
 * heap: the padded input's first pixel, the filter [3, 3, cin, cout], the first output pixel.
 */
export function winogradConv(wasm: WasmBackend, s: DirectConvShape, input: number, filter: number, output: number, images: number): void {
  const { tileRows, tilesPerRow, blockTileRows, inputSide, outputSide } = blocking(s);
  const inputTransform = transform(wasm, "input", inputSide, winogradInputModuleBytes);
  const outputTransform = transform(wasm, "output", outputSide, winogradOutputModuleBytes);
  const buffers = scratch(wasm, 16 * s.cin * s.cout, (16 * inputSide.positionStep) / 4, (16 * outputSide.positionStep) / 4);
  const [uPtr, vPtr, mPtr] = buffers.map((t) => heapPointer(wasm, t)) as [number, number, number];
  winogradFilterTransform(heapView(wasm, filter, 9 * s.cin * s.cout), s.cin, s.cout, heapView(wasm, uPtr, 16 * s.cin * s.cout));

  for (const { inputAt, outputAt, rows } of blocks(s, images, tileRows, blockTileRows)) {
    inputTransform(input + inputAt, vPtr, rows);
    const products = matMulBatchRun(wasm, { m: rows * tilesPerRow, n: s.cout, k: s.cin, transposeA: false }, 16, { a: inputSide.positionStep, b: s.cin * s.cout * 4, c: outputSide.positionStep });
    products(vPtr, uPtr, mPtr);
    outputTransform(mPtr, output + outputAt, rows);
  }
  freeScratch(wasm, buffers);
}

/**
 * dw [3, 3, cin, cout] (overwritten) = the filter gradient of the convolution of a shape
 * winogradApplies() accepts: the padded input from `input` on, its output gradient dy (dense
 * [images, outRows, outCols, cout]) from `dy` on; byte addresses on the heap.
 */
export function winogradFilterGrad(wasm: WasmBackend, s: DirectConvShape, input: number, dy: number, dw: number, images: number): void {
  const { tileRows, tilesPerRow, blockTileRows, inputSide, outputSide } = blocking(s);
  const inputTransform = transform(wasm, "input", inputSide, winogradInputModuleBytes);
  const gradientTransform = transform(wasm, "gradient", outputSide, winogradGradientModuleBytes);
  const plane = s.cin * s.cout;
  const buffers = scratch(wasm, 16 * plane, (16 * inputSide.positionStep) / 4, (16 * outputSide.positionStep) / 4);
  const [mPtr, vPtr, dPtr] = buffers.map((t) => heapPointer(wasm, t)) as [number, number, number];
  heapView(wasm, mPtr, 16 * plane).fill(0);

  for (const { inputAt, outputAt, rows } of blocks(s, images, tileRows, blockTileRows)) {
    inputTransform(input + inputAt, vPtr, rows);
    gradientTransform(dy + outputAt, dPtr, rows);
    // M[p] (cin x cout) += V[p]^T D[p], summed over the block's tiles
    const products = matMulBatchRun(wasm, { m: s.cin, n: s.cout, k: rows * tilesPerRow, transposeA: true, accumulate: true }, 16, { a: inputSide.positionStep, b: outputSide.positionStep, c: plane * 4 });
    products(vPtr, dPtr, mPtr);
  }
  winogradFilterGradTransform(heapView(wasm, mPtr, 16 * plane), s.cin, s.cout, heapView(wasm, dw, 9 * plane));
  freeScratch(wasm, buffers);
}
