import * as z from "zod";

// The training backends a worker can be asked for (`--backend`). `auto` picks the best one
// installed; packages/kernels implements each.
export const BACKEND_NAMES = ["auto", "tensorflow", "webgpu", "wasm", "cpu"] as const;
export const backendNameSchema = z.enum(BACKEND_NAMES);
export type BackendName = z.infer<typeof backendNameSchema>;
