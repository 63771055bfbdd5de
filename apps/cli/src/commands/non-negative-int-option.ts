import { InvalidArgumentError } from "commander";

/** The parser of an option that may be zero (`--wait-for-services`): an integer >= 0, else exit 2. */
export function nonNegativeIntOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0)
      throw new InvalidArgumentError(`${name} must be an integer >= 0`);
    return n;
  };
}
