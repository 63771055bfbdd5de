"use client";

import { useMemo, useState } from "react";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ComparisonTableJson, Curve, CurveSplit } from "@/lib/api-types";
import { fmt } from "@/lib/format";
import { seriesColor } from "@/lib/series-color";

const DEFAULT_SHOWN = 8;

interface Props {
  curves: Curve[];
  table: ComparisonTableJson | null;
  /** The split the curves follow (`test`, or `val` once the storage has validation curves). */
  split?: CurveSplit;
}

/** Row order for the chart: the table's best configs first (so the default view is useful). */
function rankConfigs(curves: Curve[], table: ComparisonTableJson | null, benchmark: string): Curve[] {
  const column = table?.columns.findIndex((c) => c.benchmark === benchmark) ?? -1;
  const direction = column >= 0 ? table!.columns[column]!.direction : "max";
  const score = new Map<string, number>();
  const baseline = table?.baselineKey ?? null;
  for (const row of table?.rows ?? []) {
    const mean = column >= 0 ? row.cells[column]?.mean : null;
    if (mean !== null && mean !== undefined) score.set(row.key, direction === "max" ? -mean : mean);
  }
  return curves
    .filter((c) => c.benchmark === benchmark)
    .sort((a, b) => {
      if (a.activationKey === baseline) return -1;
      if (b.activationKey === baseline) return 1;
      return (score.get(a.activationKey) ?? Infinity) - (score.get(b.activationKey) ?? Infinity);
    });
}

/**
 * The split's metric per epoch for each config: the line is the mean over seeds, the band mean ±
 * std (min–max while only one seed has reported). One chart per benchmark.
 */
export function LearningCurves({ curves, table, split = "test" }: Props) {
  const benchmarks = useMemo(() => [...new Set(curves.map((c) => c.benchmark))], [curves]);
  const [showAll, setShowAll] = useState(false);
  if (curves.length === 0) return <p className="muted">No epochs recorded yet: curves appear as workers report them.</p>;
  return (
    <div className="charts">
      {benchmarks.map((benchmark) => {
        const ranked = rankConfigs(curves, table, benchmark);
        const shown = showAll ? ranked : ranked.slice(0, DEFAULT_SHOWN);
        const epochs = [...new Set(shown.flatMap((c) => c.points.map((p) => p.epoch)))].sort((a, b) => a - b);
        const data = epochs.map((epoch) => {
          const row: Record<string, number | [number, number]> = { epoch };
          shown.forEach((c, i) => {
            const p = c.points.find((q) => q.epoch === epoch);
            if (!p) return;
            row[`m${i}`] = p.mean;
            row[`b${i}`] = p.std !== null ? [p.mean - p.std, p.mean + p.std] : [p.min, p.max];
          });
          return row;
        });
        const title = table?.columns.find((c) => c.benchmark === benchmark);
        return (
          <figure key={benchmark} className="chart card" data-testid="learning-curves">
            <figcaption>
              {title?.title ?? benchmark} — {title?.metric === "none" ? "no metric (this benchmark reports none)" : `${split === "val" ? "validation" : "test"} ${title?.metric ?? "metric"}`} by epoch, mean ± std over
              seeds
            </figcaption>
            <ResponsiveContainer width="100%" height={300}>
              <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
                <XAxis dataKey="epoch" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} />
                <YAxis domain={["auto", "auto"]} tickFormatter={(v: number) => fmt(v, 3)} width={64} />
                <Tooltip formatter={(value: unknown) => (Array.isArray(value) ? `${fmt(value[0] as number)} – ${fmt(value[1] as number)}` : fmt(value as number))} />
                <Legend />
                {shown.map((c, i) => (
                  <Area key={`b${i}`} dataKey={`b${i}`} stroke="none" fill={seriesColor(i)} fillOpacity={0.15} legendType="none" tooltipType="none" isAnimationActive={false} name={`${c.label} band`} />
                ))}
                {shown.map((c, i) => (
                  <Line key={`m${i}`} dataKey={`m${i}`} stroke={seriesColor(i)} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} name={c.label} />
                ))}
              </ComposedChart>
            </ResponsiveContainer>
            {ranked.length > DEFAULT_SHOWN ? (
              <button className="link" onClick={() => setShowAll((v) => !v)}>
                {showAll ? `Show the ${DEFAULT_SHOWN} best configs` : `Show all ${ranked.length} configs`}
              </button>
            ) : null}
          </figure>
        );
      })}
    </div>
  );
}
