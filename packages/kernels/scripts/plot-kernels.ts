/**
 * Writes SVG plots of each GEM-family function and its first two derivatives into
 * docs/img/kernels/ (hand-written SVG: no plotting dependency). Run:
 *   npx tsx packages/kernels/scripts/plot-kernels.ts
 * Values and first derivatives come from the float64 reference; the second derivative is a
 * central difference of the reference first derivative.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { reference } from "../src/index.js";

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../docs/img/kernels");
const COLORS = ["#1b6ca8", "#d1495b", "#2e933c", "#8f2d56", "#edae49", "#555555"];

type Series = { label: string; f: (x: number) => number; dashed?: boolean };

function plot(file: string, title: string, series: Series[], [x0, x1]: [number, number], yRange?: [number, number]): void {
  const W = 560;
  const H = 360;
  const m = { l: 50, r: 150, t: 30, b: 35 };
  const n = 600;
  const data = series.map((s) => Array.from({ length: n + 1 }, (_, i) => {
    const x = x0 + ((x1 - x0) * i) / n;
    return [x, s.f(x)] as const;
  }));
  const ys = data.flat().map(([, y]) => y).filter(Number.isFinite);
  let [y0, y1] = yRange ?? [Math.min(...ys), Math.max(...ys)];
  if (y1 - y0 < 1e-9) [y0, y1] = [y0 - 1, y1 + 1];
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  const sx = (x: number): number => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const sy = (y: number): number => H - m.b - ((Math.min(Math.max(y, y0), y1) - y0) / (y1 - y0)) * (H - m.t - m.b);
  const ticks = (a: number, b: number, k = 5): number[] => {
    const step = 10 ** Math.floor(Math.log10((b - a) / k));
    const nice = [1, 2, 5, 10].map((f) => f * step).find((s) => (b - a) / s <= k + 1) ?? step * 10;
    const out: number[] = [];
    for (let v = Math.ceil(a / nice) * nice; v <= b + 1e-12; v += nice) out.push(Number(v.toPrecision(6)));
    return out;
  };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${m.l}" y="18" font-size="13" font-weight="bold">${title}</text>`,
  ];
  for (const t of ticks(x0, x1)) {
    parts.push(`<line x1="${sx(t)}" y1="${m.t}" x2="${sx(t)}" y2="${H - m.b}" stroke="#eee"/>`);
    parts.push(`<text x="${sx(t)}" y="${H - m.b + 14}" text-anchor="middle">${t}</text>`);
  }
  for (const t of ticks(y0, y1)) {
    parts.push(`<line x1="${m.l}" y1="${sy(t)}" x2="${W - m.r}" y2="${sy(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${m.l - 5}" y="${sy(t) + 4}" text-anchor="end">${t}</text>`);
  }
  if (y0 < 0 && y1 > 0) parts.push(`<line x1="${m.l}" y1="${sy(0)}" x2="${W - m.r}" y2="${sy(0)}" stroke="#999"/>`);
  if (x0 < 0 && x1 > 0) parts.push(`<line x1="${sx(0)}" y1="${m.t}" x2="${sx(0)}" y2="${H - m.b}" stroke="#999"/>`);
  data.forEach((points, i) => {
    const d = points.filter(([, y]) => Number.isFinite(y)).map(([x, y], j) => `${j ? "L" : "M"}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join("");
    const color = COLORS[i % COLORS.length];
    const dash = series[i]?.dashed ? ` stroke-dasharray="5,4"` : "";
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.8"${dash}/>`);
    const ly = m.t + 14 + i * 16;
    parts.push(`<line x1="${W - m.r + 10}" y1="${ly - 4}" x2="${W - m.r + 30}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${dash}/>`);
    parts.push(`<text x="${W - m.r + 35}" y="${ly}">${series[i]?.label ?? ""}</text>`);
  });
  parts.push("</svg>");
  writeFileSync(path.join(OUT, file), parts.join("\n") + "\n");
  console.log(`wrote docs/img/kernels/${file}`);
}

const second = (df: (x: number) => number) => (x: number): number => {
  const h = 1e-4;
  return (df(x + h) - df(x - h)) / (2 * h);
};

mkdirSync(OUT, { recursive: true });
const relu: Series = { label: "ReLU", f: (x) => Math.max(x, 0), dashed: true };

// GEM_N for N = 1..3: value, first and second derivative.
const gemN = [1, 2, 3].map((N) => ({ N, f: (x: number) => reference.gem(x, N), df: (x: number) => reference.gemDerivative(x, N) }));
plot("gem.svg", "GEM_N(x)", [...gemN.map((g) => ({ label: `GEM N=${g.N}`, f: g.f })), relu], [-2, 3]);
plot("gem-d1.svg", "GEM_N'(x)", gemN.map((g) => ({ label: `N=${g.N}`, f: g.df })), [-2, 3]);
plot("gem-d2.svg", "GEM_N''(x)", gemN.map((g) => ({ label: `N=${g.N}`, f: second(g.df) })), [-2, 3]);

// E-GEM for several eps (N = 1 and N = 2).
for (const N of [1, 2, 3]) {
  const epss = [0.1, 0.5, 1, 2];
  const fam = epss.map((eps) => ({ eps, f: (x: number) => reference.egem(x, N, eps), df: (x: number) => reference.egemDerivative(x, N, eps) }));
  plot(`e-gem-n${N}.svg`, `E-GEM (N=${N}) for several ε`, [...fam.map((e) => ({ label: `ε=${e.eps}`, f: e.f })), relu], [-2, 4]);
  plot(`e-gem-n${N}-d1.svg`, `E-GEM' (N=${N})`, fam.map((e) => ({ label: `ε=${e.eps}`, f: e.df })), [-2, 4]);
  plot(`e-gem-n${N}-d2.svg`, `E-GEM'' (N=${N})`, fam.map((e) => ({ label: `ε=${e.eps}`, f: second(e.df) })), [-2, 4]);
}

// SE-GEM: the leak on x < 0 (alpha exaggerated to 0.1 so it is visible).
const se = [1, 2, 3].map((N) => ({ N, f: (x: number) => reference.segem(x, N, 1, 0.1), df: (x: number) => reference.segemDerivative(x, N, 1, 0.1) }));
plot("se-gem.svg", "SE-GEM (ε=1, α=0.1)", se.map((s) => ({ label: `N=${s.N}`, f: s.f })), [-4, 3]);
plot("se-gem-d1.svg", "SE-GEM' (ε=1, α=0.1)", se.map((s) => ({ label: `N=${s.N}`, f: s.df })), [-4, 3]);
plot("se-gem-d2.svg", "SE-GEM'' (ε=1, α=0.1)", se.map((s) => ({ label: `N=${s.N}`, f: second(s.df) })), [-4, 3]);

// The baselines next to GEM.
plot(
  "baselines.svg",
  "GEM vs the baselines",
  [
    { label: "ReLU", f: (x) => reference.relu(x), dashed: true },
    { label: "GELU", f: (x) => reference.gelu(x) },
    { label: "Swish", f: (x) => reference.swish(x) },
    { label: "Mish", f: (x) => reference.mish(x) },
    { label: "GEM N=1", f: (x) => reference.gem(x, 1) },
    { label: "E-GEM ε=0.1", f: (x) => reference.egem(x, 1, 0.1) },
  ],
  [-3, 3],
);
