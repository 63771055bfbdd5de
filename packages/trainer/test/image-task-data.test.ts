import * as tf from "@tensorflow/tfjs";
import { loadBackend } from "@gemsweep/kernels";
import { describe, expect, it } from "vitest";
import type { ImageDataset, ImageSplit } from "../src/datasets/image-dataset.js";
import { Rng, RngStream } from "../src/rng.js";
import { imageTaskData } from "../src/train/image-task-data.js";

// Image batches as the trainer gets them: each pixel normalized, (v / 255 - mean) / std as float32,
// whichever way the rows are read (grey rows four bytes at a time where aligned, byte by byte
// otherwise), written into the tensor on wasm or into an array on cpu.

/** `count` images of h x w x c with bytes that differ per position and image. */
function split(count: number, pixels: number, byteOffset = 0): ImageSplit {
  const buffer = new Uint8Array(byteOffset + count * pixels);
  const images = buffer.subarray(byteOffset);
  for (let i = 0; i < images.length; i++) images[i] = (i * 37 + 11) % 256;
  return { images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count };
}

function dataset(h: number, w: number, c: number, train: ImageSplit): ImageDataset {
  return { name: "test", height: h, width: w, channels: c, numClasses: 10, train, test: train };
}

const norm = { mean: [0.2, 0.4, 0.6], std: [0.3, 0.25, 0.2] };

/** The batch of rows, computed here straight from the definition. */
function expected(s: ImageSplit, rows: number[], pixels: number, c: number): number[] {
  return rows.flatMap((r) => Array.from({ length: pixels }, (_, p) => Math.fround((s.images[r * pixels + p]! / 255 - norm.mean[p % c]!) / norm.std[p % c]!)));
}

describe("image batches", () => {
  for (const backend of ["wasm", "cpu"] as const) {
    for (const [name, h, w, c, offset] of [
      ["grey 4x4, aligned (four pixels per 32-bit read)", 4, 4, 1, 0],
      ["grey 4x4 from a view at an odd byte (one byte at a time)", 4, 4, 1, 3],
      ["grey 3x3 (pixels not a multiple of 4)", 3, 3, 1, 0],
      ["RGB 2x2", 2, 2, 3, 0],
    ] as Array<[string, number, number, number, number]>) {
      it(`${backend}: ${name}: each pixel is (v / 255 - mean) / std, labels follow the rows`, async () => {
        await loadBackend(backend);
        const pixels = h * w * c;
        const train = split(6, pixels, offset);
        const task = imageTaskData(dataset(h, w, c, train), { train, val: train, test: train }, { layout: c === 1 ? "flat" : "nhwc", mean: norm.mean.slice(0, c), std: norm.std.slice(0, c) });
        const rows = [5, 0, 3];
        const batch = task.trainBatch(Uint32Array.from(rows), new Rng(0, RngStream.data));
        expect(batch.input.x.shape).toEqual(c === 1 ? [3, pixels] : [3, h, w, c]);
        expect([...(await batch.input.x.data())]).toEqual(expected(train, rows, pixels, c));
        expect([...(await batch.labels.data())]).toEqual(rows.map((r) => r % 10));
        tf.dispose([batch.input.x, batch.labels]);
      });
    }
  }
});
