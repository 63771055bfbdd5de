"use client";

import { useMemo, useState } from "react";
import type { ComparisonTableJson } from "@/lib/api-types";
import { fmt } from "@/lib/format";

interface Grid {
  id: string;
  family: string;
  fixed: string;
  ns: number[];
  epsList: number[];
  rows: Map<string, string>; // "N|eps" -> table row key
}

/** GEM-family configs of the table that form an N x eps grid (per family and alpha). */
function gridsOf(table: ComparisonTableJson): Grid[] {
  const grids = new Map<string, Grid>();
  for (const row of table.rows) {
    const params = row.activation;
    if (params?.N === undefined || params.eps === undefined) continue;
    const family = params.name;
    const fixed = params.alpha !== undefined ? `α=${params.alpha}` : "";
    const id = `${family}${fixed ? ` ${fixed}` : ""}`;
    let grid = grids.get(id);
    if (!grid) grids.set(id, (grid = { id, family, fixed, ns: [], epsList: [], rows: new Map() }));
    if (!grid.ns.includes(params.N)) grid.ns.push(params.N);
    if (!grid.epsList.includes(params.eps)) grid.epsList.push(params.eps);
    grid.rows.set(`${params.N}|${params.eps}`, row.key);
  }
  return [...grids.values()]
    .filter((g) => g.ns.length * g.epsList.length >= 2)
    .map((g) => ({ ...g, ns: g.ns.sort((a, b) => a - b), epsList: g.epsList.sort((a, b) => a - b) }));
}

/** Light-to-dark blue by quality: the best cell is darkest whatever the metric's direction. */
function shade(t: number): string {
  const light = [239, 246, 255];
  const dark = [30, 64, 175];
  const c = light.map((l, i) => Math.round(l + (dark[i]! - l) * t));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** The colour scale of one heatmap: the gradient from its worst to its best mean, with both values. */
function HeatmapLegend({ lo, hi, direction, metric }: { lo: number; hi: number; direction: "max" | "min"; metric: string }) {
  const worst = direction === "max" ? lo : hi;
  const best = direction === "max" ? hi : lo;
  return (
    <div className="heatmap-legend" data-testid="heatmap-legend" aria-label={`colour scale: ${metric} from ${fmt(worst, 3)} (light, worst) to ${fmt(best, 3)} (dark, best)`}>
      <span data-testid="legend-worst">{fmt(worst, 3)}</span>
      <span className="legend-bar" style={{ background: `linear-gradient(to right, ${shade(0.1)}, ${shade(1)})` }} />
      <span data-testid="legend-best">{fmt(best, 3)}</span>
      <span className="muted small">
        {metric} {direction === "max" ? "(higher is better)" : "(lower is better)"}: darker is better
      </span>
    </div>
  );
}

/** N x ε heatmaps of the comparison table's means for GEM-family grids, one benchmark at a time, each with its colour scale. */
export function ParamHeatmap({ table }: { table: ComparisonTableJson }) {
  const grids = useMemo(() => gridsOf(table), [table]);
  const [column, setColumn] = useState(0);
  if (grids.length === 0) return null;
  const col = table.columns[column] ?? table.columns[0];
  if (!col) return null;
  const cellOf = (key: string | undefined) => (key ? table.rows.find((r) => r.key === key)?.cells[column] : undefined);
  return (
    <section className="card" data-testid="heatmap">
      <div className="section-head">
        <h2>N × ε</h2>
        {table.columns.length > 1 ? (
          <select value={column} onChange={(e) => setColumn(Number(e.target.value))} aria-label="benchmark">
            {table.columns.map((c, i) => (
              <option key={c.benchmark} value={i}>
                {c.title}
              </option>
            ))}
          </select>
        ) : null}
      </div>
      <div className="heatmaps">
        {grids.map((grid) => {
          const means = [...grid.rows.values()].map((k) => cellOf(k)?.mean).filter((m): m is number => m !== null && m !== undefined);
          const lo = Math.min(...means);
          const hi = Math.max(...means);
          return (
            <div key={grid.id} className="heatmap-block">
            <table className="heatmap">
              <caption>
                {grid.id}: {col.metric} {col.direction === "max" ? "↑" : "↓"}
              </caption>
              <thead>
                <tr>
                  <th>N \ ε</th>
                  {grid.epsList.map((eps) => (
                    <th key={eps}>{eps}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {grid.ns.map((n) => (
                  <tr key={n}>
                    <th>{n}</th>
                    {grid.epsList.map((eps) => {
                      const cell = cellOf(grid.rows.get(`${n}|${eps}`));
                      const mean = cell?.mean ?? null;
                      if (mean === null) return <td key={eps} className="empty-cell">–</td>;
                      const quality = hi === lo ? 1 : col.direction === "max" ? (mean - lo) / (hi - lo) : (hi - mean) / (hi - lo);
                      return (
                        <td key={eps} style={{ background: shade(0.1 + 0.9 * quality), color: quality > 0.55 ? "white" : "#111827" }} title={`n=${cell?.n ?? 0}`} className={cell?.best ? "best" : undefined}>
                          {fmt(mean, 3)}
                          {cell?.mark ? <sup>{cell.mark}</sup> : null}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
            {means.length > 0 ? <HeatmapLegend lo={lo} hi={hi} direction={col.direction} metric={col.metric} /> : null}
            </div>
          );
        })}
      </div>
    </section>
  );
}
