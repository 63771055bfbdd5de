import { InvalidArgumentError } from "commander";
import { BACKEND_NAMES, type BackendName } from "@gemsweep/kernels";

// The backend names come from @gemsweep/kernels, which loads tfjs as it is imported: only the
// commands with a --backend option (run, worker) import this file.
export { BACKEND_NAMES };

/** The parser of `--backend`: one of the kernels' backends, else exit 2. */
export function backendOption(value: string): BackendName {
  if (!(BACKEND_NAMES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`backend must be one of ${BACKEND_NAMES.join(", ")}`);
  return value as BackendName;
}
