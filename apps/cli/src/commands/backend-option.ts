import { InvalidArgumentError } from "commander";
import { BACKEND_NAMES, type BackendName } from "@gemsweep/contracts";

/** The parser of `--backend`: one of the contracts' backend names, else exit 2. */
export function backendOption(value: string): BackendName {
  if (!(BACKEND_NAMES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`backend must be one of ${BACKEND_NAMES.join(", ")}`);
  return value as BackendName;
}
