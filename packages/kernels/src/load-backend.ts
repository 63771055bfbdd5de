import { BACKEND_NAMES, type BackendName } from "@gemsweep/contracts";
import * as tf from "@tensorflow/tfjs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { watchDeviceErrors } from "./device-errors.js";
import { fusedMultiplyAdd } from "./expr/multiply-add.js";
import { nativeGemm } from "./kernels/native-gemm.js";
import { shareIdentityOnWasm } from "./kernels/wasm-identity.js";

export type LoadedBackend = { backend: string; device: string };

/** A backend that cannot be set up here; the message says how to get it. */
export class BackendUnavailableError extends Error {
  readonly code = "BACKEND_UNAVAILABLE" as const;
  constructor(
    readonly backend: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "BackendUnavailableError";
  }
}

// Dynamic imports through a variable: these packages are optional, so neither TypeScript nor a
// bundler may require them to exist.
const importOptional = (specifier: string): Promise<Record<string, unknown>> =>
  import(/* @vite-ignore */ specifier) as Promise<Record<string, unknown>>;

async function activate(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new BackendUnavailableError(name, `tfjs could not initialize the ${name} backend`);
  await tf.ready();
}

async function loadCpu(): Promise<LoadedBackend> {
  await activate("cpu");
  return { backend: "cpu", device: `JavaScript on ${os.cpus()[0]?.model ?? "CPU"}` };
}

let wasmPathsSet = false;

async function loadWasm(): Promise<LoadedBackend> {
  const wasm = (await import("@tensorflow/tfjs-backend-wasm")) as typeof import("@tensorflow/tfjs-backend-wasm");
  if (!wasmPathsSet) {
    // Point tfjs at the .wasm files inside node_modules: works offline, nothing is fetched.
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json"));
    wasm.setWasmPaths(path.join(dir, "dist") + path.sep);
    wasmPathsSet = true;
  }
  shareIdentityOnWasm();
  await activate("wasm");
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  // decided now, before any training kernel is compiled, and named in the device (the repro record)
  const arithmetic = simd ? (fusedMultiplyAdd() ? " SIMD (fused multiply-add)" : " SIMD") : "";
  const native = nativeGemm();
  const products = native ? ` + native GEMM (${native.isa()})` : "";
  return { backend: "wasm", device: `WebAssembly${arithmetic}${products} on ${os.cpus()[0]?.model ?? "CPU"}` };
}

type GpuAdapterLike = {
  info?: { vendor?: string; architecture?: string; description?: string; device?: string; isFallbackAdapter?: boolean };
};
type GpuLike = { requestAdapter(options?: unknown): Promise<GpuAdapterLike | null> };

/** navigator.gpu from the npm `webgpu` package (Dawn), installed before the tfjs webgpu backend loads. */
async function installNavigatorGpu(): Promise<GpuLike> {
  const existing = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (existing) return existing;
  let dawn: Record<string, unknown>;
  try {
    dawn = await importOptional("webgpu");
  } catch (cause) {
    throw new BackendUnavailableError(
      "webgpu",
      "the webgpu backend needs the npm package `webgpu` (Dawn for Node): npm install webgpu",
      { cause },
    );
  }
  const create = dawn["create"] as ((flags: string[]) => GpuLike) | undefined;
  if (typeof create !== "function") throw new BackendUnavailableError("webgpu", "the `webgpu` package has no create()");
  Object.assign(globalThis, (dawn["globals"] as object | undefined) ?? {});
  const gpu = create([]);
  const current = (globalThis as { navigator?: object }).navigator ?? {};
  Object.defineProperty(globalThis, "navigator", { value: { ...current, gpu }, configurable: true, writable: true });
  return gpu;
}

/**
 * `hardwareOnly` (the "auto" choice) refuses a software adapter such as Mesa's lavapipe (llvmpipe):
 * WebGPU emulated on the CPU is correct but far slower than wasm. Asked for by name, it is used.
 */
async function loadWebgpu({ hardwareOnly = false } = {}): Promise<LoadedBackend> {
  const gpu = await installNavigatorGpu();
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) {
    throw new BackendUnavailableError(
      "webgpu",
      "no WebGPU adapter found (a GPU host needs its Vulkan driver plus Debian's libvulkan1; see docs/kernels.md)",
    );
  }
  const info = adapter.info ?? {};
  if (hardwareOnly && info.isFallbackAdapter) {
    throw new BackendUnavailableError("webgpu", `the only WebGPU adapter is a software one (${info.description ?? info.device ?? "fallback"}); ask for --backend webgpu to use it anyway`);
  }
  // Import order matters: the backend registers itself only if navigator.gpu exists at import time.
  await import("@tensorflow/tfjs-backend-webgpu");
  await activate("webgpu");
  watchDeviceErrors((tf.backend() as unknown as { device?: unknown }).device);
  const device = [info.vendor, info.architecture, info.description || info.device].filter(Boolean).join(" ");
  return { backend: "webgpu", device: (device || "WebGPU adapter") + (info.isFallbackAdapter ? " (software adapter)" : "") };
}

async function loadTensorflow({ cudaOnly = false } = {}): Promise<LoadedBackend> {
  const errors: unknown[] = [];
  for (const pkg of cudaOnly ? ["@tensorflow/tfjs-node-gpu"] : ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"]) {
    try {
      await importOptional(pkg);
      await activate("tensorflow");
      return { backend: "tensorflow", device: `libtensorflow via ${pkg}${pkg.endsWith("-gpu") ? " (CUDA)" : " (CPU)"}` };
    } catch (cause) {
      errors.push(cause);
    }
  }
  if (cudaOnly) {
    throw new BackendUnavailableError("tensorflow", "@tensorflow/tfjs-node-gpu is not installed or cannot load CUDA (the gemsweep/worker-gpu image has both)", {
      cause: errors[errors.length - 1],
    });
  }
  throw new BackendUnavailableError(
    "tensorflow",
    "the tensorflow backend needs @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node: " +
      "npm install @tensorflow/tfjs-node (its install script downloads libtensorflow; set " +
      "TFJS_NODE_CDN_STORAGE or TFJS_NODE_BASE_URI to use a mirror), or use the GPU worker Docker image",
    { cause: errors[errors.length - 1] },
  );
}

/**
 * `gpu`: a hardware GPU or nothing. CUDA through @tensorflow/tfjs-node-gpu when it loads, else
 * WebGPU (Dawn) on a hardware adapter; a software adapter such as lavapipe does not count. Never
 * falls back to a CPU backend: a GPU host that lost its driver fails at start, visibly.
 */
async function loadGpu(): Promise<LoadedBackend> {
  const reasons: string[] = [];
  for (const [what, load] of [
    ["CUDA (@tensorflow/tfjs-node-gpu)", () => loadTensorflow({ cudaOnly: true })],
    ["WebGPU (npm webgpu)", () => loadWebgpu({ hardwareOnly: true })],
  ] as const) {
    try {
      return await load();
    } catch (error) {
      if (!(error instanceof BackendUnavailableError)) throw error;
      reasons.push(`${what}: ${error.message}`);
    }
  }
  throw new BackendUnavailableError(
    "gpu",
    `--backend gpu found no hardware GPU here. ${reasons.join(". ")}. ` +
      "Use --backend auto (or wasm) to train on the CPU, or see docs/scaling.md for GPU hosts.",
  );
}

/**
 * Sets up and selects a tfjs backend. "auto" takes the best one installed: tensorflow, else webgpu
 * when a hardware adapter exists (not a software one such as lavapipe), else wasm (cpu if even
 * wasm fails). "gpu" takes CUDA or a hardware WebGPU adapter and otherwise throws. Our kernels are registered for every backend when this package is imported, so any
 * choice runs the fused activations.
 */
export async function loadBackend(name: BackendName = "auto"): Promise<LoadedBackend> {
  switch (name) {
    case "cpu":
      return loadCpu();
    case "wasm":
      return loadWasm();
    case "gpu":
      return loadGpu();
    case "webgpu":
      return loadWebgpu();
    case "tensorflow":
      return loadTensorflow();
    case "auto":
      for (const load of [loadTensorflow, () => loadWebgpu({ hardwareOnly: true }), loadWasm]) {
        try {
          return await load();
        } catch (error) {
          if (!(error instanceof BackendUnavailableError)) throw error;
        }
      }
      return loadCpu();
    default:
      throw new BackendUnavailableError(String(name), `unknown backend ${JSON.stringify(name)}: use one of ${BACKEND_NAMES.join(", ")}`);
  }
}
