import { InvalidArgumentError } from "commander";

/** The parser of a count option (`--workers`, `--concurrency`): an integer >= 1, else exit 2. */
export function positiveIntOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`${name} must be an integer >= 1`);
    return n;
  };
}
