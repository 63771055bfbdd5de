import tCdf from "@stdlib/stats-base-dists-t-cdf";
import { mean, sampleStd } from "./descriptive.js";

export interface PairedTTest {
  /** Number of pairs. */
  n: number;
  /** Mean of a - b. */
  meanDiff: number;
  stdDiff: number;
  t: number;
  df: number;
  /** Two-sided p-value. */
  pValue: number;
}

/** Two-sided p-value of a Student t statistic; 2 * cdf(-|t|) keeps precision for tiny p. */
export function tTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/**
 * Paired t-test of a against b (equal-length arrays, a[i] paired with b[i]); null with fewer
 * than 2 pairs. Identical differences: p = 1 when they are all 0, p = 0 otherwise (t = +-inf),
 * where scipy would give NaN for the first case.
 */
export function pairedTTest(a: readonly number[], b: readonly number[]): PairedTTest | null {
  if (a.length !== b.length)
    throw new RangeError(`paired samples differ in length: ${a.length} vs ${b.length}`);
  const n = a.length;
  if (n < 2) return null;
  const d = a.map((x, i) => x - b[i]!);
  const meanDiff = mean(d);
  const stdDiff = sampleStd(d);
  const df = n - 1;
  if (stdDiff === 0) {
    return meanDiff === 0
      ? { n, meanDiff, stdDiff, t: 0, df, pValue: 1 }
      : { n, meanDiff, stdDiff, t: meanDiff > 0 ? Infinity : -Infinity, df, pValue: 0 };
  }
  const t = meanDiff / (stdDiff / Math.sqrt(n));
  return { n, meanDiff, stdDiff, t, df, pValue: tTwoSidedP(t, df) };
}

/** Pairs two seed -> value maps on the seeds both have (ascending seed order). */
export function pairBySeed(
  a: ReadonlyMap<number, number>,
  b: ReadonlyMap<number, number>,
): { seeds: number[]; a: number[]; b: number[] } {
  const seeds = [...a.keys()].filter((s) => b.has(s)).sort((x, y) => x - y);
  return { seeds, a: seeds.map((s) => a.get(s)!), b: seeds.map((s) => b.get(s)!) };
}
