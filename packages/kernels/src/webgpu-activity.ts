// Why: how fast a step runs on a GPU cannot be measured without one, but what it asks of the GPU
// can, on any adapter (lavapipe included): how many compute programs it dispatches (each one costs
// a few microseconds of launch and JavaScript, whatever its size) and how many times it waits for a
// value to come back (the queue runs dry while it waits). Tests and bench scripts count both here.
import * as tf from "@tensorflow/tfjs";

type Patchable = Record<string, unknown>;

/** What the webgpu backend did since the counter started (or was last reset). */
export interface WebgpuActivity {
  /** Compute dispatches, in total and per program (its pipeline's label: tfjs' program class or our kernel's name). */
  dispatches: number;
  byProgram: Record<string, number>;
  /** Values read back from the device (each waits for the queue to drain up to that point). */
  reads: number;
}

export interface WebgpuActivityCounter {
  /** The counts so far. */
  snapshot(): WebgpuActivity;
  /** The counts so far, then zero them. */
  take(): WebgpuActivity;
  /** Restores the patched methods. */
  stop(): void;
}

/**
 * Starts counting on the current backend, which must be webgpu: wraps the compute-pass encoder's
 * setPipeline / dispatchWorkgroups (every program, tfjs' and ours, goes through them) and the
 * backend's two ways of reading a tensor (getBufferData behind `data()`, and readSync).
 */
export function countWebgpuActivity(): WebgpuActivityCounter {
  if (tf.getBackend() !== "webgpu") throw new Error(`countWebgpuActivity: the backend is ${tf.getBackend()}, not webgpu`);
  const encoder = (globalThis as unknown as { GPUComputePassEncoder?: { prototype: Patchable } }).GPUComputePassEncoder;
  if (!encoder) throw new Error("countWebgpuActivity: no GPUComputePassEncoder (load the webgpu backend first)");
  const backend = tf.backend() as unknown as Patchable;
  let counts: WebgpuActivity = { dispatches: 0, byProgram: {}, reads: 0 };
  const current = new WeakMap<object, string>();
  const restore: Array<() => void> = [];
  const wrap = (target: Patchable, name: string, around: (original: (...a: unknown[]) => unknown) => (this: unknown, ...a: unknown[]) => unknown) => {
    const had = Object.prototype.hasOwnProperty.call(target, name);
    const original = target[name] as (...a: unknown[]) => unknown;
    target[name] = around(original);
    restore.push(() => {
      if (had) target[name] = original;
      else delete target[name];
    });
  };
  wrap(encoder.prototype, "setPipeline", (original) =>
    function (this: unknown, ...a: unknown[]) {
      current.set(this as object, (a[0] as { label?: string } | undefined)?.label || "unlabelled");
      return original.apply(this, a);
    },
  );
  wrap(encoder.prototype, "dispatchWorkgroups", (original) =>
    function (this: unknown, ...a: unknown[]) {
      const label = current.get(this as object) ?? "unlabelled";
      counts.dispatches += 1;
      counts.byProgram[label] = (counts.byProgram[label] ?? 0) + 1;
      return original.apply(this, a);
    },
  );
  for (const name of ["getBufferData", "readSync"]) {
    wrap(backend, name, (original) =>
      function (this: unknown, ...a: unknown[]) {
        counts.reads += 1;
        return original.apply(this, a);
      },
    );
  }
  const copy = (): WebgpuActivity => ({ dispatches: counts.dispatches, byProgram: { ...counts.byProgram }, reads: counts.reads });
  return {
    snapshot: copy,
    take: () => {
      const out = copy();
      counts = { dispatches: 0, byProgram: {}, reads: 0 };
      return out;
    },
    stop: () => {
      for (const undo of restore.reverse()) undo();
      restore.length = 0;
    },
  };
}
