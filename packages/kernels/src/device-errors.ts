// A WebGPU validation or out-of-memory error does not throw: tfjs carries on and the tensors it
// meant to compute read back as zeros (measured: addN over 12 inputs, more storage buffers than
// the device allows, returned [0, 0, 0, 0]). The device reports such errors as
// `uncapturederror` events; loadBackend("webgpu") subscribes, and the trainer asks after every
// step, so a broken program fails the trial with the device's own message instead of training
// on garbage.

type ErrorEventLike = { error?: { message?: string } };
type DeviceLike = { addEventListener?(type: "uncapturederror", listener: (event: ErrorEventLike) => void): void };

let firstError: string | undefined;
const watched = new WeakSet<object>();

/** Records the first uncaptured error of this device (idempotent per device). */
export function watchDeviceErrors(device: unknown): void {
  const d = device as DeviceLike | undefined;
  if (!d || typeof d.addEventListener !== "function" || watched.has(d)) return;
  watched.add(d);
  d.addEventListener("uncapturederror", (event) => {
    firstError ??= event.error?.message ?? "unknown device error";
  });
}

/** The first device error since the last call (and forgets it), or undefined. */
export function takeDeviceError(): string | undefined {
  const error = firstError;
  firstError = undefined;
  return error;
}
