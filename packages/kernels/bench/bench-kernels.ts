/**
 * ns/element of every activation, forward and forward+backward, on every backend present, next
 * to tf.relu, E-GEM composed from stock ops, and a plain copy. Medians over repetitions.
 *   npm run bench:kernels -- [--size 4194304] [--reps 7] [--backends cpu,wasm,webgpu]
 * Prints a table and, last, one JSON line.
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import type { FusedImpl } from "../src/activation-definition.js";
import { ACTIVATIONS } from "../src/activation-registry.js";
import { activationLabel, type Activation, type BackendName } from "@gemsweep/contracts";
import { activation, loadBackend } from "../src/index.js";
import { composedActivation } from "../src/kernels/composed-activation.js";
import { cpuKernelConfigs } from "../src/kernels/cpu-kernels.js";
import { wasmKernelConfigs } from "../src/kernels/wasm-kernels.js";
import { webgpuKernelConfigs } from "../src/kernels/webgpu-kernels.js";

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: String(1 << 22) },
    reps: { type: "string", default: "7" },
    backends: { type: "string", default: "cpu,wasm,webgpu" },
  },
});
const SIZE = Number(args.size);
const REPS = Number(args.reps);

// The copy baseline: an identity kernel through the same machinery, so it really reads and writes
// every element (tf.clone only shares the data id).
const copyImpl: FusedImpl = {
  kind: "fused",
  kernelName: "GemSweepBenchCopy",
  attrs: () => ({}),
  forward: (_b, x) => x,
  derivative: (b) => b.c(1),
};
for (const config of [...cpuKernelConfigs(copyImpl), ...wasmKernelConfigs(copyImpl), ...webgpuKernelConfigs(copyImpl)]) {
  tf.registerKernel(config);
}
tf.registerGradient({
  kernelName: copyImpl.kernelName,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => ({
    x: () => tf.engine().runKernel(`${copyImpl.kernelName}Grad`, { x: saved[0] as tf.Tensor, dy: dy as tf.Tensor }, {}) as tf.Tensor,
  }),
});
const copy = (x: tf.Tensor): tf.Tensor => tf.engine().runKernel(copyImpl.kernelName, { x }, {}) as tf.Tensor;

const SPECS: Activation[] = [
  { name: "relu" },
  { name: "gelu" },
  { name: "gelu-tanh" },
  { name: "swish" },
  { name: "mish" },
  { name: "elu" },
  { name: "leaky-relu" },
  { name: "gem", N: 1 },
  { name: "gem", N: 2 },
  { name: "e-gem", N: 1, eps: 0.1 },
  { name: "se-gem", N: 1, eps: 1e-4 },
];

type Row = { backend: string; activation: string; fwd_ns: number; fwdbwd_ns: number };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/**
 * Median ns/element of `run` (which must return a tensor). On a GPU the work is queued, so each
 * sample runs it `inner` times back to back and then waits for one element of the last result:
 * reading back the whole 16 MB result would time the PCIe transfer, not the kernel. `inner` is
 * calibrated so that a sample takes ~50 ms (1 on the CPU backends, which finish synchronously).
 */
async function time(run: () => tf.Tensor, gpu: boolean): Promise<number> {
  const batch = async (inner: number): Promise<number> => {
    const start = performance.now();
    let out = run();
    for (let i = 1; i < inner; i++) {
      out.dispose();
      out = run();
    }
    if (gpu) {
      const first = tf.tidy(() => tf.slice(tf.reshape(out, [-1]), 0, 1));
      await first.data();
      first.dispose();
    }
    const ms = (performance.now() - start) / inner;
    out.dispose();
    return ms;
  };
  await batch(1); // warm-up: compiles kernels, grows the heap
  const inner = gpu ? Math.min(500, Math.max(1, Math.ceil(50 / (await batch(1))))) : 1;
  const samples: number[] = [];
  for (let i = 0; i < REPS; i++) samples.push(await batch(inner));
  return (median(samples) * 1e6) / SIZE;
}

async function benchBackend(name: BackendName): Promise<Row[]> {
  const loaded = await loadBackend(name);
  const gpu = loaded.backend === "webgpu";
  console.error(`# ${loaded.backend}: ${loaded.device}`);
  const x = tf.randomNormal([SIZE], 0, 2, "float32", 1);
  const dy = tf.randomNormal([SIZE], 0, 1, "float32", 2);
  const rows: Row[] = [];
  const measure = async (label: string, f: (t: tf.Tensor) => tf.Tensor): Promise<void> => {
    const grad = tf.grad(f);
    const fwd = await time(() => f(x), gpu);
    const fwdbwd = await time(() => grad(x, dy), gpu);
    rows.push({ backend: loaded.backend, activation: label, fwd_ns: fwd, fwdbwd_ns: fwdbwd });
    console.error(`  ${label.padEnd(32)} ${fwd.toFixed(2).padStart(8)} ${fwdbwd.toFixed(2).padStart(8)}`);
  };
  await measure("copy", copy);
  await measure("tf.relu", (t) => tf.relu(t));
  const egem = ACTIVATIONS["e-gem"].impl as FusedImpl;
  await measure("E-GEM (N=1, ε=0.1) composed ops", composedActivation(egem, { N: 1, eps: 0.1, alpha: 0 }));
  for (const spec of SPECS) await measure(activationLabel(spec), activation(spec));
  x.dispose();
  dy.dispose();
  return rows;
}

const rows: Row[] = [];
for (const name of args.backends.split(",") as BackendName[]) {
  try {
    rows.push(...(await benchBackend(name)));
  } catch (error) {
    console.error(`# ${name}: skipped (${(error as Error).message})`);
  }
}

const find = (backend: string, label: string): Row | undefined => rows.find((r) => r.backend === backend && r.activation === label);
const EGEM = "E-GEM (N=1, ε=0.1)";
console.log(`\nsize ${SIZE} float32, median of ${REPS}, ns/element\n`);
console.log("| backend | activation | fwd | fwd+bwd | fwd / copy | fwd+bwd / relu fwd+bwd |");
console.log("| --- | --- | ---: | ---: | ---: | ---: |");
for (const r of rows) {
  const copyRow = find(r.backend, "copy");
  const relu = find(r.backend, "tf.relu");
  const ratio = (a: number, b: number | undefined): string => (b ? (a / b).toFixed(2) : "");
  console.log(
    `| ${r.backend} | ${r.activation} | ${r.fwd_ns.toFixed(2)} | ${r.fwdbwd_ns.toFixed(2)} | ${ratio(r.fwd_ns, copyRow?.fwd_ns)} | ${ratio(r.fwdbwd_ns, relu?.fwdbwd_ns)} |`,
  );
}

const goals: Record<string, unknown> = {};
const cpuEgem = find("cpu", EGEM);
const cpuRelu = find("cpu", "tf.relu");
if (cpuEgem && cpuRelu) {
  const r = cpuEgem.fwdbwd_ns / cpuRelu.fwdbwd_ns;
  goals["cpu_egem_fwdbwd_over_relu"] = { value: Number(r.toFixed(3)), goal: "<= 0.25", met: r <= 0.25 };
}
const wasmEgem = find("wasm", EGEM);
const wasmRelu = find("wasm", "tf.relu");
const wasmCopy = find("wasm", "copy");
if (wasmEgem && wasmRelu && wasmCopy) {
  const r1 = wasmEgem.fwdbwd_ns / wasmRelu.fwdbwd_ns;
  const r2 = wasmEgem.fwd_ns / wasmCopy.fwd_ns;
  goals["wasm_egem_fwdbwd_over_relu"] = { value: Number(r1.toFixed(3)), goal: "<= 1", met: r1 <= 1 };
  goals["wasm_egem_fwd_over_copy"] = { value: Number(r2.toFixed(3)), goal: "<= 2", met: r2 <= 2 };
}
// A GPU's kernels are bound by memory bandwidth: E-GEM against a plain copy through the same
// machinery, as a percentage of the copy's bandwidth (copy ns / E-GEM ns; goal >= 70%). Bytes moved
// per element: forward 8 (x in, y out); forward+backward 20 (the forward, then x and dy in, dx out).
const webgpuEgem = find("webgpu", EGEM);
const webgpuCopy = find("webgpu", "copy");
if (webgpuEgem && webgpuCopy) {
  const pct = (copyNs: number, ns: number): number => Number(((100 * copyNs) / ns).toFixed(1));
  const fwd = pct(webgpuCopy.fwd_ns, webgpuEgem.fwd_ns);
  const fwdbwd = pct(webgpuCopy.fwdbwd_ns, webgpuEgem.fwdbwd_ns);
  goals["webgpu_egem_fwd_pct_of_copy"] = { value: fwd, goal: ">= 70", met: fwd >= 70 };
  goals["webgpu_egem_fwdbwd_pct_of_copy"] = { value: fwdbwd, goal: ">= 70", met: fwdbwd >= 70 };
  const gbps = (bytes: number, ns: number): number => Number((bytes / ns).toFixed(1));
  goals["webgpu_bandwidth_gb_per_s"] = {
    copy_fwd: gbps(8, webgpuCopy.fwd_ns),
    egem_fwd: gbps(8, webgpuEgem.fwd_ns),
    copy_fwdbwd: gbps(20, webgpuCopy.fwdbwd_ns),
    egem_fwdbwd: gbps(20, webgpuEgem.fwdbwd_ns),
  };
  console.log(
    `\nwebgpu E-GEM (N=1, ε=0.1) at ${fwd}% of a plain copy's bandwidth forward, ${fwdbwd}% forward+backward (goal >= 70%); ` +
      `copy ${gbps(8, webgpuCopy.fwd_ns)} GB/s forward, E-GEM ${gbps(8, webgpuEgem.fwd_ns)} GB/s`,
  );
}
const round = (v: number): number => Number(v.toFixed(3));
console.log(
  JSON.stringify({
    size: SIZE,
    reps: REPS,
    unit: "ns/element",
    results: rows.map((r) => ({ ...r, fwd_ns: round(r.fwd_ns), fwdbwd_ns: round(r.fwdbwd_ns) })),
    goals,
  }),
);
