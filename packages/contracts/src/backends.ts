import * as z from "zod";

// The training backends a worker can be asked for (`--backend`). `auto` picks the best one
// installed; `gpu` insists on a hardware GPU (CUDA through tfjs-node-gpu, or WebGPU on a hardware
// adapter) and fails instead of falling back; packages/kernels implements each.
export const BACKEND_NAMES = ["auto", "gpu", "tensorflow", "webgpu", "wasm", "cpu"] as const;
export const backendNameSchema = z.enum(BACKEND_NAMES);
export type BackendName = z.infer<typeof backendNameSchema>;
