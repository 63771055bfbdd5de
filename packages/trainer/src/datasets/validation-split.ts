import { Rng, RngStream } from "../rng.js";
import type { ImageSplit } from "./image-dataset.js";

// Why: model selection (the best epoch, pruning, tuning) must never look at the test set, so an
// image benchmark holds out part of its training split. The part is a function of the split's
// size and the fraction only (a fixed seed, never the trial's), so every seed and every
// activation of a sweep trains and validates on the same examples (paired runs).

/** The seed of the hold-out permutation: a constant, so the split never depends on the trial. */
export const VALIDATION_SPLIT_SEED = 0x5a11d;

export interface HeldOutSplit {
  train: ImageSplit;
  val: ImageSplit;
  /** Indices into the original split, ascending: which examples each part took. */
  trainIndices: Uint32Array;
  valIndices: Uint32Array;
}

function selectRows(split: ImageSplit, rows: Uint32Array, pixels: number): ImageSplit {
  const images = new Uint8Array(rows.length * pixels);
  const labels = new Uint8Array(rows.length);
  rows.forEach((row, i) => {
    images.set(split.images.subarray(row * pixels, (row + 1) * pixels), i * pixels);
    labels[i] = split.labels[row]!;
  });
  return { images, labels, count: rows.length };
}

/** Holds out round(fraction x count) examples of `split`, chosen by a fixed-seed permutation; the rest train. */
export function holdOutValidation(split: ImageSplit, fraction: number, pixels: number): HeldOutSplit {
  const valCount = Math.round(split.count * fraction);
  const order = new Rng(VALIDATION_SPLIT_SEED, RngStream.split).permutation(split.count);
  const valIndices = order.slice(0, valCount).sort();
  const trainIndices = order.slice(valCount).sort();
  if (valCount === 0) return { train: split, val: { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 }, trainIndices, valIndices };
  return { train: selectRows(split, trainIndices, pixels), val: selectRows(split, valIndices, pixels), trainIndices, valIndices };
}
