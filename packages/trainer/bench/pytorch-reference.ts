// The same network trained by PyTorch on this machine, now: runs pytorch-reference.py.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export interface PytorchReference {
  samples_per_s: number;
  [key: string]: unknown;
}

/** The reference's result, or undefined (with the reason printed) where PyTorch is missing. */
export function pytorchReference(
  benchmark: string,
  options: { batchSize?: string | undefined; trainLimit?: string | undefined; synthetic?: boolean | undefined } = {},
): PytorchReference | undefined {
  const script = path.join(import.meta.dirname, "pytorch-reference.py");
  const args = [script, "--benchmark", benchmark];
  if (options.batchSize) args.push("--batchSize", options.batchSize);
  if (options.trainLimit) args.push("--trainLimit", options.trainLimit);
  if (options.synthetic) args.push("--synthetic");
  // Debian's python3-torch belongs to Debian's python, which a pyenv or venv on PATH may shadow.
  const python =
    process.env.GEMSWEEP_PYTHON ??
    (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
  console.log(`reference: ${python} ${args.join(" ")}`);
  const run = spawnSync(python, args, { encoding: "utf8" });
  if (run.status !== 0) {
    console.log(
      `reference unavailable (${(run.stderr || run.error?.message || "").trim().split("\n").at(-1)}); ` +
        "it needs python3-torch (apt-get install python3-torch libopenblas0-pthread; GEMSWEEP_PYTHON picks the python)",
    );
    return undefined;
  }
  const line = run.stdout.trim().split("\n").at(-1)!;
  console.log(`reference: ${line}`);
  return JSON.parse(line) as PytorchReference;
}
