/** Significance marks on Holm-adjusted p-values, strictest first. */
export const SIGNIFICANCE_LEVELS = [
  { mark: "***", below: 0.001 },
  { mark: "**", below: 0.01 },
  { mark: "*", below: 0.05 },
] as const;

export function significanceMark(p: number | null): string {
  if (p === null || Number.isNaN(p)) return "";
  for (const level of SIGNIFICANCE_LEVELS) if (p < level.below) return level.mark;
  return "";
}
