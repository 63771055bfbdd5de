import { disposeBatch, type Batch } from "./task-data.js";

// Why: on a device backend the step runs on the GPU while JavaScript is free, so the next batch
// (gathering, crop + flip, normalization: CPU work) is built then instead of between two steps
// with the GPU idle. Batches are built one at a time, in step order, within one epoch, so they
// draw from the data stream in exactly the order they would without prefetching.

export interface BatchPrefetch {
  /** Batch `step`: the one built ahead if it was, else built now. The caller disposes it. */
  take(step: number): Batch;
  /** Builds batch `step` now, ahead of its step (a no-op past the last step, or when prefetching is off). */
  prepare(step: number): void;
  /** Disposes a batch built ahead and never taken (an epoch that ended early). */
  dispose(): void;
}

/**
 * Prefetching of `steps` batches made by `build(step)`, which must be called in step order (it
 * advances the data stream); with `enabled` false, take() builds each batch when asked.
 */
export function batchPrefetch(steps: number, build: (step: number) => Batch, enabled = true): BatchPrefetch {
  let ahead: { step: number; batch: Batch } | undefined;
  return {
    take(step) {
      if (ahead) {
        if (ahead.step !== step) throw new Error(`batchPrefetch: batch ${ahead.step} was built ahead, but batch ${step} was asked for`);
        const { batch } = ahead;
        ahead = undefined;
        return batch;
      }
      return build(step);
    },
    prepare(step) {
      if (!enabled || step >= steps || ahead) return;
      ahead = { step, batch: build(step) };
    },
    dispose() {
      if (ahead) disposeBatch(ahead.batch);
      ahead = undefined;
    },
  };
}
