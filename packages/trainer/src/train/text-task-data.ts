import { type Hyper } from "@gemsweep/contracts";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../rng.js";
import type { Batch, TaskData } from "./task-data.js";

/** The token streams of a corpus' three splits. */
export interface TokenSplits {
  train: Uint16Array;
  valid: Uint16Array;
  test: Uint16Array;
}

/** Keeps the maxVocab-1 most frequent training tokens (ids 0..) and maps the rest to <unk> (the last id). */
export function compactVocabulary(splits: TokenSplits, maxVocab: number): TokenSplits & { vocabSize: number } {
  const { train } = splits;
  const counts = new Map<number, number>();
  for (const t of train) counts.set(t, (counts.get(t) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, maxVocab - 1);
  const unk = ranked.length;
  const map = new Map<number, number>(ranked.map(([tok], i) => [tok, i]));
  const apply = (src: Uint16Array) => src.map((t) => map.get(t) ?? unk);
  return { train: apply(train), valid: apply(splits.valid), test: apply(splits.test), vocabSize: unk + 1 };
}

/** Next-token prediction over non-overlapping windows of `context` tokens; validation is the corpus' valid split. */
export function lmTaskData({ train, valid, test }: TokenSplits, vocabSize: number, context: number, hyper: Hyper): TaskData {
  const windows = (s: Uint16Array, limit?: number) => Math.min(Math.floor((s.length - 1) / context), limit ?? Infinity);
  const build = (src: Uint16Array, rows: ArrayLike<number>): Batch => {
    const n = rows.length;
    const x = new Int32Array(n * context);
    const y = new Int32Array(n * context);
    for (let r = 0; r < n; r++) {
      const off = rows[r]! * context;
      for (let t = 0; t < context; t++) {
        x[r * context + t] = src[off + t]!;
        y[r * context + t] = src[off + t + 1]!;
      }
    }
    return { input: { x: tf.tensor2d(x, [n, context], "int32") }, labels: tf.tensor1d(y, "int32"), examples: n };
  };
  const range = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => start + i);
  return {
    trainCount: windows(train, hyper.trainLimit),
    valCount: windows(valid, hyper.testLimit),
    testCount: windows(test, hyper.testLimit),
    numClasses: vocabSize,
    trainBatch: (indices) => build(train, indices),
    valBatch: (start, end) => build(valid, range(start, end)),
    testBatch: (start, end) => build(test, range(start, end)),
  };
}

/** BERT masked LM: 15% of positions predicted; of those 80% -> [MASK] (the last id), 10% random, 10% kept. */
export function mlmTaskData({ train, valid, test }: TokenSplits, baseVocab: number, context: number, hyper: Hyper): TaskData {
  const maskId = baseVocab;
  const vocabSize = baseVocab + 1;
  const windows = (s: Uint16Array, limit?: number) => Math.min(Math.floor(s.length / context), limit ?? Infinity);
  const build = (src: Uint16Array, rows: ArrayLike<number>, rngFor: (row: number) => Rng): Batch => {
    const n = rows.length;
    const x = new Int32Array(n * context);
    const y = new Int32Array(n * context);
    const w = new Float32Array(n * context);
    for (let r = 0; r < n; r++) {
      const rng = rngFor(rows[r]!);
      const off = rows[r]! * context;
      let any = false;
      for (let t = 0; t < context; t++) {
        const i = r * context + t;
        const tok = src[off + t]!;
        y[i] = tok;
        x[i] = tok;
        if (rng.next() < 0.15 || (!any && t === context - 1)) {
          any = true;
          w[i] = 1;
          const u = rng.next();
          x[i] = u < 0.8 ? maskId : u < 0.9 ? rng.int(baseVocab) : tok;
        }
      }
    }
    return { input: { x: tf.tensor2d(x, [n, context], "int32") }, labels: tf.tensor1d(y, "int32"), weights: tf.tensor1d(w), examples: n };
  };
  const range = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => start + i);
  return {
    trainCount: windows(train, hyper.trainLimit),
    valCount: windows(valid, hyper.testLimit),
    testCount: windows(test, hyper.testLimit),
    numClasses: vocabSize,
    trainBatch: (indices, rng) => build(train, indices, () => rng),
    // Evaluation masks are a fixed function of the window, so epochs and activations compare.
    valBatch: (start, end) => build(valid, range(start, end), (row) => new Rng(0x5eed + 1, row)),
    testBatch: (start, end) => build(test, range(start, end), (row) => new Rng(0x5eed, row)),
  };
}
