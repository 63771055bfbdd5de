// tfjs' Identity on wasm without the copy. tfjs clones every input a gradient saves through the
// Identity kernel, and tfjs-wasm's Identity copies the tensor: a ResNet-20 step made 164 copies
// (~37 ms of ~790). This one shares the storage under a reference count, exactly as tfjs-cpu's
// Identity and tfjs-wasm's own Reshape do, so a clone on wasm behaves as on cpu. It is safe for the
// same reason as there: the only kernels that write into an input are the optimizer updates (Adam's
// moments, the momentum velocity), whose state tensors no gradient saves and nothing clones.
import * as tf from "@tensorflow/tfjs";

type RefCountingBackend = { incRef(dataId: object): void };

const sharedIdentity: tf.KernelFunc = ({ inputs, backend }) => {
  const x = inputs["x"] as tf.TensorInfo;
  if (x.dtype === "string") throw new Error("Identity of a string tensor on wasm: not used by GemSweep");
  (backend as unknown as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

/** Puts the sharing Identity in place of tfjs-wasm's copying one (after tfjs-wasm registered its kernels). */
export function shareIdentityOnWasm(): void {
  if (tf.getKernel("Identity", "wasm")?.kernelFunc === sharedIdentity) return;
  tf.unregisterKernel("Identity", "wasm");
  tf.registerKernel({ kernelName: "Identity", backendName: "wasm", kernelFunc: sharedIdentity });
}
