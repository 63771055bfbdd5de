/**
 * Holm-Bonferroni step-down adjusted p-values, in input order. Nulls / NaNs (no test) are kept
 * as null and do not count towards the number of hypotheses m.
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const idx: number[] = [];
  pValues.forEach((p, i) => {
    if (p !== null && !Number.isNaN(p)) idx.push(i);
  });
  idx.sort((x, y) => pValues[x]! - pValues[y]! || x - y);
  const m = idx.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 0;
  idx.forEach((i, rank) => {
    const adj = Math.min(1, (m - rank) * pValues[i]!);
    running = Math.max(running, adj); // step-down: adjusted p-values never decrease
    out[i] = running;
  });
  return out;
}
