// Public surface of @gemsweep/kernels. Importing it registers our kernels on every backend.
import "./kernels/register-kernels.js";

export { kernelActivationOf, type KernelActivation } from "./kernel-activation.js";
export { activation } from "./activation.js";
export { reference } from "./reference.js";
export { loadBackend, BackendUnavailableError, type LoadedBackend } from "./load-backend.js";
export { takeDeviceError } from "./device-errors.js";
export { GEM_KERNEL_NAME } from "./activations/gem.js";
export { GemActivationLayer, activationLayer, type GemActivationLayerArgs } from "./gem-activation-layer.js";
export { gemParams } from "./activations/gem.js";
export type { GemParams } from "./gem-formulas.js";
/** Binary-format helpers for hand-assembled WebAssembly SIMD modules on the tfjs wasm heap. */
export * as wasmAssembly from "./expr/wasm-encoding.js";
