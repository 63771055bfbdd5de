// The same network trained by PyTorch on this machine, now: runs pytorch-reference.py, in one
// process (its best thread count, or on a CUDA GPU with device "cuda") or in several at once (one
// thread each, like separate workers).
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export interface PytorchReference {
  samples_per_s: number;
  [key: string]: unknown;
}

export interface ReferenceOptions {
  batchSize?: string | undefined;
  trainLimit?: string | undefined;
  synthetic?: boolean | undefined;
  /** "cpu" (default) or a CUDA device ("cuda", "cuda:1"): where PyTorch trains. */
  device?: string | undefined;
}

const script = path.join(import.meta.dirname, "pytorch-reference.py");
// Debian's python3-torch belongs to Debian's python, which a pyenv or venv on PATH may shadow.
const python = () => process.env.GEMSWEEP_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

function referenceArgs(benchmark: string, options: ReferenceOptions, threads?: number): string[] {
  const args = [script, "--benchmark", benchmark];
  if (options.batchSize) args.push("--batchSize", options.batchSize);
  if (options.trainLimit) args.push("--trainLimit", options.trainLimit);
  if (options.synthetic) args.push("--synthetic");
  if (options.device && options.device !== "cpu") args.push("--device", options.device);
  if (threads) args.push("--threads", String(threads));
  return args;
}

/** Why the reference did not run, in one line, printed. */
function unavailableReason(reason: string, device = "cpu"): string {
  const why = reason.trim().split("\n").at(-1) ?? "";
  const needs =
    device === "cpu"
      ? "it needs python3-torch (apt-get install python3-torch libopenblas0-pthread; GEMSWEEP_PYTHON picks the python)"
      : `on ${device} it needs a CUDA build of PyTorch and an NVIDIA GPU on this host (GEMSWEEP_PYTHON picks the python)`;
  const line = `PyTorch reference unavailable (${why}); ${needs}`;
  console.log(line);
  return line;
}

function unavailable(reason: string): undefined {
  unavailableReason(reason);
  return undefined;
}

/** The reference's result, or why it could not run (printed too): no PyTorch, or no CUDA device for device "cuda". */
export function pytorchReferenceOrReason(benchmark: string, options: ReferenceOptions = {}): { reference?: PytorchReference; unavailable?: string } {
  const args = referenceArgs(benchmark, options);
  console.log(`reference: ${python()} ${args.join(" ")}`);
  const run = spawnSync(python(), args, { encoding: "utf8" });
  if (run.status !== 0) return { unavailable: unavailableReason(run.stderr || run.error?.message || `exit ${run.status}`, options.device) };
  const line = run.stdout.trim().split("\n").at(-1)!;
  console.log(`reference: ${line}`);
  return { reference: JSON.parse(line) as PytorchReference };
}

/** The reference's result, or undefined (with the reason printed) where PyTorch is missing. */
export function pytorchReference(benchmark: string, options: ReferenceOptions = {}): PytorchReference | undefined {
  return pytorchReferenceOrReason(benchmark, options).reference;
}

/** A conv net's memory format in PyTorch: NCHW or channels-last. */
export type MemoryFormat = "nchw" | "channels-last";

/** The memory formats a reference result tried, from its keys ("... channels-last"); none for the MLP. */
export function referenceFormats(reference: PytorchReference): MemoryFormat[] {
  return Object.keys((reference["all"] ?? {}) as Record<string, number>).some((k) => k.endsWith("channels-last")) ? ["nchw", "channels-last"] : [];
}

/**
 * `count` single-threaded references at once, all in one memory format (if given): their total
 * samples/s (what `count` PyTorch workers on this machine train). They time the same seconds: one
 * format per run, and a barrier after the warm-up (each says "ready" on stderr; all are answered
 * on stdin once all have). Without them one process timed its work while the other was still
 * loading data or had finished, alone on the machine, and the sum overstated PyTorch's total.
 */
export async function pytorchReferenceConcurrent(benchmark: string, count: number, options: ReferenceOptions = {}, format?: MemoryFormat): Promise<PytorchReference | undefined> {
  const args = [...referenceArgs(benchmark, options, 1), ...(format ? ["--format", format] : []), "--barrier"];
  console.log(`reference: ${count} x ${python()} ${args.join(" ")}`);
  const children = Array.from({ length: count }, () => spawn(python(), args, { stdio: ["pipe", "pipe", "pipe"] }));
  // all go once all are ready, or at once when one fails (its result is discarded; none may wait forever)
  let ready = 0;
  const release = () => children.forEach((c) => c.stdin.end("go\n"));
  const one = (child: (typeof children)[number]) =>
    new Promise<PytorchReference | string>((resolve) => {
      let [out, err, partial] = ["", "", ""];
      child.stdin.on("error", () => {}); // a child that already exited
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => {
        const lines = (partial + d.toString()).split("\n");
        partial = lines.pop()!;
        for (const line of lines) {
          if (line.trim() !== "ready") err += `${line}\n`;
          else if (++ready === count) release();
        }
      });
      child.on("exit", (code) => {
        if (code !== 0) release();
        resolve(code === 0 ? (JSON.parse(out.trim().split("\n").at(-1)!) as PytorchReference) : err + partial || `exit ${code}`);
      });
    });
  const runs = await Promise.all(children.map(one));
  const failed = runs.find((r) => typeof r === "string");
  if (failed !== undefined) return unavailable(failed as string);
  const each = (runs as PytorchReference[]).map((r) => r.samples_per_s);
  const result = { ...(runs[0] as PytorchReference), samples_per_s: each.reduce((a, b) => a + b, 0), best: `${count} processes x torch 1 x blas 1${format === "channels-last" ? " channels-last" : ""}`, per_process: each };
  console.log(`reference: ${JSON.stringify(result)}`);
  return result;
}
