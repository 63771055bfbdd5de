// npm run bench:train:scaling -- [--benchmark B] [--processes 1,2] [--reference] [bench:train options...]
// A machine's training throughput, and whether more workers on one machine add to it: runs
// bench:train in 1 process, then in 2 (or each count given) at once, each its own trial (own
// seed) like separate workers, and prints the total samples/s per count and the speedup over
// one. --reference then trains the same network with the best-tuned PyTorch on the same
// machine (pytorch-reference.ts): one process at its best thread count, and as many
// single-threaded processes at once as the largest count here (a round per memory format), and
// adds the ratio of GemSweep's best total to PyTorch's best. Last line: JSON.
import { spawn } from "node:child_process";
import path from "node:path";
import { benchDefaults } from "./bench-defaults.js";
import { pytorchReference, pytorchReferenceConcurrent, referenceFormats, type PytorchReference } from "./pytorch-reference.js";

// --processes and --reference are ours; every other argument goes to each bench:train as it is
const withReference = process.argv.includes("--reference");
const args = process.argv.slice(2).filter((a) => a !== "--reference");
const at = args.findIndex((a) => a === "--processes" || a.startsWith("--processes="));
const processesArg = at < 0 ? "1,2" : args[at]!.includes("=") ? args[at]!.split("=")[1]! : (args[at + 1] ?? "");
const passThrough = at < 0 ? args : args.filter((_, i) => i !== at && (args[at]!.includes("=") || i !== at + 1));
const counts = processesArg.split(",").map((s) => Number(s.trim()));
if (counts.some((c) => !Number.isInteger(c) || c < 1)) {
  console.error(`--processes: expected positive integers like 1,2, got "${processesArg}"`);
  process.exit(2);
}
const script = path.join(import.meta.dirname, "bench-train.ts");

function runOne(seed: number): Promise<{ samples_per_s: number; samples_per_cpu_s?: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...passThrough, "--seed", String(seed)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !line.startsWith("{")) reject(new Error(`bench:train exited ${code}: ${out}`));
      else resolve(JSON.parse(line) as { samples_per_s: number; samples_per_cpu_s?: number });
    });
  });
}

const results: Array<{ processes: number; total_samples_per_s: number; per_process: number[]; per_process_cpu: number[] }> = [];
for (const count of counts) {
  const runs = await Promise.all(Array.from({ length: count }, (_, i) => runOne(i)));
  const perProcess = runs.map((r) => Math.round(r.samples_per_s));
  const total = perProcess.reduce((a, b) => a + b, 0);
  // each process's samples per second of its own CPU time: what it trains on a core of its own
  const perProcessCpu = runs.map((r) => Math.round(r.samples_per_cpu_s ?? 0));
  results.push({ processes: count, total_samples_per_s: total, per_process: perProcess, per_process_cpu: perProcessCpu });
  console.log(`${count} process(es): ${total} samples/s in total (${perProcess.join(" + ")}); per CPU-second ${perProcessCpu.join(", ")}`);
}
const one = results.find((r) => r.processes === 1)?.total_samples_per_s;
const best = Math.max(...results.map((r) => r.total_samples_per_s));
const option = (name: string) => {
  const i = passThrough.indexOf(`--${name}`);
  return i < 0 ? undefined : passThrough[i + 1];
};
const benchmark = option("benchmark") ?? "fashion-mnist-mlp";
const referenceOptions = { batchSize: option("batchSize"), trainLimit: option("trainLimit") ?? benchDefaults(benchmark).trainLimit, synthetic: passThrough.includes("--synthetic") };
let reference: PytorchReference | undefined;
if (withReference) {
  const single = pytorchReference(benchmark, referenceOptions);
  const candidates = [single];
  const most = Math.max(...counts);
  if (most > 1 && single) {
    const formats = referenceFormats(single);
    for (const format of formats.length ? formats : [undefined]) candidates.push(await pytorchReferenceConcurrent(benchmark, most, referenceOptions, format));
  }
  const found = candidates.filter((c): c is PytorchReference => c !== undefined);
  reference = found.length ? found.reduce((a, b) => (b.samples_per_s > a.samples_per_s ? b : a)) : undefined;
  if (reference && found.length > 1) reference = { ...reference, candidates: found.map((c) => ({ best: c["best"], samples_per_s: c.samples_per_s })) };
}
console.log(
  JSON.stringify({
    args: passThrough,
    results: results.map((r) => ({ ...r, speedup: one ? Number((r.total_samples_per_s / one).toFixed(2)) : null })),
    best_total_samples_per_s: best,
    ...(reference ? { reference, ratio_to_reference: Number((best / reference.samples_per_s).toFixed(3)) } : {}),
  }),
);
