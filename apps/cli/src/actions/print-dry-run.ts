// Why: `gemsweep run --dry-run` shows what a sweep would run and cost without services or a
// database: the plan is computed here, exactly as submit would compute it.
import { describeSweep, dryRunText, parseSpec, parseSpecText } from "@gemsweep/core";
import { readSpecFile } from "../read-spec-file.js";

/** Prints the plan of the spec in `file`: trials per stage, the grid, the compute estimate on `backend`. */
export function printDryRun(file: string, backend: string): void {
  const spec = parseSpec(parseSpecText(readSpecFile(file))); // a bad spec exits 2, naming its field
  const estimatedOn = backend === "auto" ? "wasm" : backend;
  if (estimatedOn !== backend) console.log(`(--backend ${backend}: estimated as wasm, the CPU default)`);
  process.stdout.write(dryRunText(spec, describeSweep(spec, estimatedOn)));
}
