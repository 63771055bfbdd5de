import {
  activationKey,
  paramsOf,
  withDefaults,
  type Activation,
  type ActivationName,
} from "@gemsweep/contracts";

// A spec's activation entries, where a parameter may be a list (a grid axis), expanded into
// concrete activations.

/** A spec's activation entry after parsing: each parameter a scalar or a list (= grid axis). */
export interface ActivationEntry {
  name: ActivationName;
  N?: number | number[] | undefined;
  eps?: number | number[] | undefined;
  alpha?: number | number[] | undefined;
}

export interface GridActivation {
  /** Canonical key, e.g. `e-gem|N=1|eps=0.01`. */
  key: string;
  config: Activation;
  /** Index of the spec entry it came from (table rows keep spec order). */
  entry: number;
}

function axis(value: number | number[] | undefined): (number | undefined)[] {
  if (value === undefined) return [undefined];
  return Array.isArray(value) ? value : [value];
}

/** Expands entries into concrete configs in spec order (N, then eps, then alpha), deduped by key. */
export function expandActivationGrid(entries: readonly ActivationEntry[]): GridActivation[] {
  const out: GridActivation[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const takes = paramsOf(entry.name);
    for (const N of takes.includes("N") ? axis(entry.N) : [undefined]) {
      for (const eps of takes.includes("eps") ? axis(entry.eps) : [undefined]) {
        for (const alpha of takes.includes("alpha") ? axis(entry.alpha) : [undefined]) {
          const raw: Activation = { name: entry.name };
          if (N !== undefined) raw.N = N;
          if (eps !== undefined) raw.eps = eps;
          if (alpha !== undefined) raw.alpha = alpha;
          const config = withDefaults(raw);
          const key = activationKey(config);
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ key, config, entry: index });
        }
      }
    }
  });
  return out;
}

/** Number of configs the entries expand to, without materializing them (upper bound before dedupe). */
export function gridSizeUpperBound(entries: readonly ActivationEntry[]): number {
  let total = 0;
  for (const e of entries) {
    const takes = paramsOf(e.name);
    let n = 1;
    for (const p of takes) n *= axis(e[p]).length;
    total += n;
  }
  return total;
}
