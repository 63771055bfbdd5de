// The rows of docs/scaling.md's GPU results table from one scripts/gpu-check.sh run, printed as
// Markdown: node scripts/gpu-check-summary.mjs OUT. Reads what the check wrote under OUT (device.txt,
// pytorch.txt, bench-kernels.json, bench-train-<benchmark>.json, step-dispatches.json); a step that
// did not run gives "not run" in its rows. Plain Node, no dependency: the GPU host runs it with
// the carried Node binary.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import console from "node:console";

const out = process.argv[2] ?? "gpu-check-out";
const text = (name) => (existsSync(path.join(out, name)) ? readFileSync(path.join(out, name), "utf8").trim() : undefined);
const json = (name) => {
  const body = text(name);
  if (!body) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
};

const rows = [];
const row = (what, value) => rows.push(`| ${what} | ${value} |`);
const device = text("device.txt");
row("device (GPU, driver), date", device ? device.split("\n").filter((l) => !/^node:/.test(l)).join("; ") : "not run");
row("PyTorch", text("pytorch.txt") ?? "not run");

const kernels = json("bench-kernels.json");
const find = (label) => kernels?.results?.find((r) => r.backend === "webgpu" && r.activation === label);
const pair = (r) => (r ? `${r.fwd_ns} / ${r.fwdbwd_ns}` : "not run");
row("E-GEM (N=1, ε=0.1) fwd / fwd+bwd, ns/element (webgpu)", pair(find("E-GEM (N=1, ε=0.1)")));
row("relu fwd / fwd+bwd, ns/element (webgpu)", pair(find("tf.relu")));
row("plain copy fwd / fwd+bwd, ns/element (webgpu)", pair(find("copy")));
const goals = kernels?.goals ?? {};
const pct = (g) => (g ? `${g.value}%${g.met ? "" : " (below the goal)"}` : "not run");
row("E-GEM fwd / fwd+bwd, % of a plain copy's bandwidth (goal >= 70%)", `${pct(goals.webgpu_egem_fwd_pct_of_copy)} / ${pct(goals.webgpu_egem_fwdbwd_pct_of_copy)}`);
const bw = goals.webgpu_bandwidth_gb_per_s;
row("copy / E-GEM forward bandwidth, GB/s", bw ? `${bw.copy_fwd} / ${bw.egem_fwd}` : "not run");

const GOAL = { "fashion-mnist-mlp": 0.5, "cifar10-resnet20": 0.5 };
for (const benchmark of ["fashion-mnist-mlp", "fashion-mnist-cnn", "cifar10-resnet20"]) {
  const r = json(`bench-train-${benchmark}.json`);
  if (!r) {
    row(`${benchmark} training, samples/s (webgpu)`, "not run");
    continue;
  }
  row(`${benchmark} training, samples/s (webgpu, batch ${r.batch_size}, synthetic)`, `${Math.round(r.samples_per_s)} (${r.status})`);
  const ref = r.reference;
  const reference = ref
    ? `${Math.round(ref.samples_per_s)} (${ref.device ?? "the CPU"}, ${ref.best ?? ""})`
    : /No module named|cannot import|not installed/i.test(r.reference_unavailable ?? "") || text("pytorch.txt") === "PyTorch not installed"
      ? "PyTorch not installed"
      : `not measured: ${r.reference_unavailable ?? "no reference"}`;
  row(`${benchmark} PyTorch in the same run, samples/s`, reference);
  if (ref) {
    const goal = GOAL[benchmark];
    row(`${benchmark} GemSweep / PyTorch`, `${r.ratio_to_reference}${goal ? ` (goal >= ${goal}${r.ratio_to_reference >= goal ? ", met" : ", not met"})` : ""}`);
  }
}
const steps = json("step-dispatches.json");
row("ResNet-20 step: programs dispatched / device reads", steps ? `${steps.dispatches_per_step} / ${steps.reads_per_step} (batch ${steps.batch_size})` : "not run");

console.log("| what | value |\n| --- | --- |\n" + rows.join("\n"));
