import tQuantile from "@stdlib/stats-base-dists-t-quantile";

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1 in the denominator); NaN when n < 2. */
  std: number;
  /** 95% confidence interval of the mean with the Student t quantile; null when n < 2. */
  ci95: [number, number] | null;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Sample standard deviation, two-pass (stable for values with a large common offset). */
export function sampleStd(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (n - 1));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Half-width of the (1 - alpha) two-sided t confidence interval of the mean. */
export function tHalfWidth(std: number, n: number, level = 0.95): number {
  if (n < 2) return Number.NaN;
  return tQuantile(1 - (1 - level) / 2, n - 1) * (std / Math.sqrt(n));
}

export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  const m = mean(values);
  const std = sampleStd(values);
  if (n < 2) return { n, mean: m, std, ci95: null };
  const h = tHalfWidth(std, n);
  return { n, mean: m, std, ci95: [m - h, m + h] };
}
