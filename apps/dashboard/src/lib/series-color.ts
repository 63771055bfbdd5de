// A colorblind-friendly categorical palette (Okabe–Ito, then Tableau) for chart series.
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1"];

export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}
