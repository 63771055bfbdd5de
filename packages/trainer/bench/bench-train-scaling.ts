// npm run bench:train:scaling -- [--benchmark B] [--processes 1,2] [--reference] [--rounds N] [bench:train options...]
// A machine's training throughput, and whether more workers on one machine add to it: runs
// bench:train in 1 process, then in 2 (or each count given) at once, each its own trial (own
// seed) like separate workers, and prints the total samples/s per count and the speedup over
// one. --reference then trains the same network with the best-tuned PyTorch on the same
// machine (pytorch-reference.ts): one process at its best thread count, and as many
// single-threaded processes at once as the largest count here (a round per memory format), and
// adds the ratio of GemSweep's best total to PyTorch's best. --rounds N repeats both N times,
// alternating which side goes first, and adds the median ratio: on a shared host the machine's
// speed drifts by 20% or more between one-minute runs, so one pair of numbers can mislead.
// Last line: JSON.
import { spawn } from "node:child_process";
import path from "node:path";
import { benchDefaults } from "./bench-defaults.js";
import { pytorchReference, pytorchReferenceConcurrent, referenceFormats, type PytorchReference } from "./pytorch-reference.js";

/** Removes `--name value` or `--name=value` from args; its value, or undefined. */
function takeOption(args: string[], name: string): string | undefined {
  const at = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (at < 0) return undefined;
  const inline = args[at]!.includes("=");
  const value = inline ? args[at]!.slice(args[at]!.indexOf("=") + 1) : (args[at + 1] ?? "");
  args.splice(at, inline ? 1 : 2);
  return value;
}

function usage(message: string): never {
  console.error(message);
  process.exit(2);
}

// --processes, --reference and --rounds are ours; every other argument goes to each bench:train as it is
const passThrough = process.argv.slice(2).filter((a) => a !== "--reference");
const withReference = process.argv.includes("--reference");
const processesArg = takeOption(passThrough, "processes") ?? "1,2";
const counts = processesArg.split(",").map((s) => Number(s.trim()));
if (counts.some((c) => !Number.isInteger(c) || c < 1)) usage(`--processes: expected positive integers like 1,2, got "${processesArg}"`);
const roundsArg = takeOption(passThrough, "rounds") ?? "1";
const rounds = Number(roundsArg);
if (!Number.isInteger(rounds) || rounds < 1) usage(`--rounds: expected a positive integer, got "${roundsArg}"`);
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

interface CountResult {
  processes: number;
  total_samples_per_s: number;
  per_process: number[];
  per_process_cpu: number[];
  speedup?: number | null;
}

/** GemSweep at each process count. */
async function gemsweepRound(): Promise<CountResult[]> {
  const results: CountResult[] = [];
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
  return results.map((r) => ({ ...r, speedup: one ? Number((r.total_samples_per_s / one).toFixed(2)) : null }));
}

const option = (name: string) => {
  const i = passThrough.indexOf(`--${name}`);
  return i < 0 ? undefined : passThrough[i + 1];
};
const benchmark = option("benchmark") ?? "fashion-mnist-mlp";
const referenceOptions = { batchSize: option("batchSize"), trainLimit: option("trainLimit") ?? benchDefaults(benchmark).trainLimit, synthetic: passThrough.includes("--synthetic") };

/** PyTorch's best for the machine: one process at its best thread count, or the most processes here at once, single-threaded. */
async function referenceRound(): Promise<PytorchReference | undefined> {
  const single = pytorchReference(benchmark, referenceOptions);
  const candidates = [single];
  const most = Math.max(...counts);
  if (most > 1 && single) {
    const formats = referenceFormats(single);
    for (const format of formats.length ? formats : [undefined]) candidates.push(await pytorchReferenceConcurrent(benchmark, most, referenceOptions, format));
  }
  const found = candidates.filter((c): c is PytorchReference => c !== undefined);
  const best = found.length ? found.reduce((a, b) => (b.samples_per_s > a.samples_per_s ? b : a)) : undefined;
  return best && found.length > 1 ? { ...best, candidates: found.map((c) => ({ best: c["best"], samples_per_s: c.samples_per_s })) } : best;
}

interface Round {
  results: CountResult[];
  best_total_samples_per_s: number;
  reference?: PytorchReference;
  ratio_to_reference?: number;
}

const done: Round[] = [];
for (let r = 0; r < rounds; r++) {
  if (rounds > 1) console.log(`round ${r + 1} of ${rounds}`);
  // every other round PyTorch first, so that a drifting machine favours neither side
  const referenceFirst = withReference && r % 2 === 1;
  const early = referenceFirst ? await referenceRound() : undefined;
  const results = await gemsweepRound();
  const reference = referenceFirst ? early : withReference ? await referenceRound() : undefined;
  const best = Math.max(...results.map((c) => c.total_samples_per_s));
  const round: Round = { results, best_total_samples_per_s: best, ...(reference ? { reference, ratio_to_reference: Number((best / reference.samples_per_s).toFixed(3)) } : {}) };
  if (round.ratio_to_reference !== undefined) console.log(`round ${r + 1}: GemSweep ${best} samples/s, PyTorch ${reference!.samples_per_s} (${reference!["best"]}): ratio ${round.ratio_to_reference}`);
  done.push(round);
}

const ratios = done.flatMap((r) => (r.ratio_to_reference === undefined ? [] : [r.ratio_to_reference])).sort((a, b) => a - b);
const median = ratios.length ? (ratios[(ratios.length - 1) >> 1]! + ratios[ratios.length >> 1]!) / 2 : undefined;
if (rounds > 1 && median !== undefined) console.log(`ratio over ${rounds} rounds: median ${median.toFixed(3)}, range ${ratios[0]}-${ratios.at(-1)}`);
// one round: the shape this script always printed; more: the last round's fields, every round, and the median
console.log(
  JSON.stringify({
    args: passThrough,
    ...done.at(-1)!,
    ...(rounds > 1 ? { rounds: done, ...(median !== undefined ? { ratio_median: Number(median.toFixed(3)), ratio_range: [ratios[0], ratios.at(-1)] } : {}) } : {}),
  }),
);
