import { ErrorCode, GemSweepError } from "@gemsweep/contracts";
import * as tf from "@tensorflow/tfjs";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RngState } from "../rng.js";
import type { EpochMetrics } from "./metrics.js";

// A checkpoint is checkpoint.bin (every tensor as float32, back to back) + checkpoint.json
// (what the bytes are, the epoch, the optimizer step, the data RNG state, the epoch metrics so
// far). Both are written to temporary names and renamed, json last: a crash mid-write leaves
// the previous checkpoint intact.

/**
 * 2: epochs carry validation and test numbers and the rate, and the dropout stream is saved.
 * A version-1 checkpoint (an older recipe: no schedule, no validation split) is read but not
 * resumed from: train-trial.ts starts such a trial over rather than mix two recipes.
 */
export const CHECKPOINT_VERSION = 2;

export interface CheckpointMeta {
  version: 1 | 2;
  benchmark: string;
  seed: number;
  activation: unknown;
  /** Epochs completed. */
  epoch: number;
  optimizerStep: number;
  rngState: RngState;
  /** The dropout masks' stream (absent in checkpoints written before dropout existed). */
  dropoutRngState?: RngState;
  epochs: EpochMetrics[];
  tensors: Array<{ name: string; shape: number[]; offset: number; length: number }>;
}

const JSON_FILE = "checkpoint.json";
const BIN_FILE = "checkpoint.bin";

export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, JSON_FILE)) && existsSync(join(dir, BIN_FILE));
}

export async function saveCheckpoint(
  dir: string,
  meta: Omit<CheckpointMeta, "tensors" | "version">,
  tensors: Array<{ name: string; tensor: tf.Tensor }>,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const total = tensors.reduce((a, t) => a + t.tensor.size, 0);
  const data = new Float32Array(total);
  const entries: CheckpointMeta["tensors"] = [];
  let offset = 0;
  for (const { name, tensor } of tensors) {
    data.set((await tensor.data()) as Float32Array, offset);
    entries.push({ name, shape: tensor.shape, offset, length: tensor.size });
    offset += tensor.size;
  }
  const full: CheckpointMeta = { version: CHECKPOINT_VERSION, ...meta, tensors: entries };
  try {
    writeFileSync(join(dir, `${BIN_FILE}.tmp`), new Uint8Array(data.buffer));
    writeFileSync(join(dir, `${JSON_FILE}.tmp`), JSON.stringify(full));
  } catch (error) {
    // a half-written temporary file only takes space on a disk that is probably full already
    for (const file of [`${BIN_FILE}.tmp`, `${JSON_FILE}.tmp`]) {
      try {
        rmSync(join(dir, file), { force: true });
      } catch {
        // not a file: nothing of ours to remove
      }
    }
    throw error;
  }
  renameSync(join(dir, `${BIN_FILE}.tmp`), join(dir, BIN_FILE));
  renameSync(join(dir, `${JSON_FILE}.tmp`), join(dir, JSON_FILE));
}

/**
 * saveCheckpoint, except that a checkpoint that cannot be written (a full disk, a volume gone
 * read-only) is skipped instead of failing the trial: results live in the database, a
 * checkpoint only shortens a resume, and the previous one stays intact (a resume starts from
 * it and re-runs the epochs since, which the database upserts). Returns the error, if any.
 */
export async function trySaveCheckpoint(...args: Parameters<typeof saveCheckpoint>): Promise<Error | undefined> {
  try {
    await saveCheckpoint(...args);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

export interface LoadedCheckpoint {
  meta: CheckpointMeta;
  values: Map<string, { shape: number[]; data: Float32Array }>;
}

export function loadCheckpoint(dir: string): LoadedCheckpoint {
  const bad = (why: string) => new GemSweepError(ErrorCode.INVALID_INPUT, `checkpoint in ${dir} is unusable: ${why}`);
  let meta: CheckpointMeta;
  try {
    meta = JSON.parse(readFileSync(join(dir, JSON_FILE), "utf8")) as CheckpointMeta;
  } catch (err) {
    throw bad((err as Error).message);
  }
  if (meta.version !== 1 && meta.version !== CHECKPOINT_VERSION) throw bad(`version ${String(meta.version)}`);
  const raw = readFileSync(join(dir, BIN_FILE));
  const floats = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const values = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const t of meta.tensors) {
    if (t.offset + t.length > floats.length) throw bad(`${BIN_FILE} is truncated (tensor ${t.name})`);
    values.set(t.name, { shape: t.shape, data: floats.subarray(t.offset, t.offset + t.length) });
  }
  return { meta, values };
}

/** Copies checkpoint values into variables (by name; shapes must match). */
export function restoreTensors(loaded: LoadedCheckpoint, targets: Array<{ name: string; tensor: tf.Variable }>, dir: string): void {
  for (const { name, tensor } of targets) {
    const v = loaded.values.get(name);
    if (!v || v.data.length !== tensor.size) {
      throw new GemSweepError(ErrorCode.CONFLICT, `checkpoint in ${dir} does not match the model: tensor ${name} is missing or has another shape`);
    }
    const t = tf.tensor(v.data, tensor.shape, "float32");
    tensor.assign(t);
    t.dispose();
  }
}
