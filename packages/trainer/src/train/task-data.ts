import type * as tf from "@tensorflow/tfjs";
import type { ModelInput } from "../models/model.js";
import type { Rng } from "../rng.js";

/** One batch as tensors: the model input, int32 labels per output row, optional row weights. */
export interface Batch {
  input: ModelInput;
  labels: tf.Tensor1D;
  /** Rows that count in the loss (masked LM); all rows when absent. */
  weights?: tf.Tensor1D;
  /** Examples in the batch (images, sequences): what samples/s counts. */
  examples: number;
}

/** A benchmark's data, able to cut itself into batches; augmentation draws from the given rng. */
export interface TaskData {
  readonly trainCount: number;
  /** Validation examples (0: the trial has no validation split). */
  readonly valCount: number;
  readonly testCount: number;
  /** Output classes of the model (labels range). */
  readonly numClasses: number;
  trainBatch(indices: Uint32Array, rng: Rng): Batch;
  /** Evaluation batches are a fixed function of the split and the range (no rng). */
  valBatch(start: number, end: number): Batch;
  testBatch(start: number, end: number): Batch;
}

export function disposeBatch(b: Batch): void {
  b.input.x.dispose();
  b.input.xT?.dispose();
  b.labels.dispose();
  b.weights?.dispose();
}
