"use client";
// Why: the plot people expect from a sweep: the metric against each swept parameter (N, ε, α, hyperparameters), one small chart per axis.

import { useMemo, useState } from "react";
import {
  CartesianGrid,
  ErrorBar,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ComparisonTableJson } from "@/lib/api-types";
import { fmt } from "@/lib/format";
import { seriesColor } from "@/lib/series-color";
import { sweptAxesOf, type AxisPoint } from "@/lib/swept-axes";

function PointTooltip({
  active,
  payload,
}: {
  active?: boolean;
  payload?: { payload: AxisPoint }[];
}) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return (
    <div className="card small" style={{ padding: "6px 8px", margin: 0 }}>
      <strong>{point.label}</strong>
      <div>
        {fmt(point.mean, 4)}
        {point.std !== null ? ` ± ${fmt(point.std, 3)}` : ""} (n={point.n})
      </div>
    </div>
  );
}

/** Mean ± std over seeds against each swept parameter, for one benchmark of the table at a time. */
export function ParamEffects({ table }: { table: ComparisonTableJson }) {
  const [column, setColumn] = useState(0);
  const axes = useMemo(() => sweptAxesOf(table, column), [table, column]);
  const col = table.columns[column];
  if (!col || (axes.length === 0 && table.columns.length <= 1)) return null;
  return (
    <section className="card" data-testid="param-effects">
      <div className="section-head">
        <h2>
          {col.metric} by parameter{" "}
          <span className="muted small">
            mean ± std over seeds; {col.direction === "max" ? "higher" : "lower"} is better
          </span>
        </h2>
        {table.columns.length > 1 ? (
          <select
            value={column}
            onChange={(e) => setColumn(Number(e.target.value))}
            aria-label="benchmark"
          >
            {table.columns.map((c, i) => (
              <option key={c.benchmark} value={i}>
                {c.title}
              </option>
            ))}
          </select>
        ) : null}
      </div>
      {axes.length === 0 ? (
        <p className="muted">
          No parameter of this benchmark's rows takes two values with results yet.
        </p>
      ) : null}
      <div className="param-effects">
        {axes.map((axis, i) => (
          <figure
            key={`${axis.family ?? "hyper"}|${axis.param}`}
            data-testid={`param-axis-${axis.param}`}
            data-family={axis.family ?? ""}
          >
            <figcaption>{axis.title}</figcaption>
            <ResponsiveContainer width="100%" height={220}>
              <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
                <XAxis
                  dataKey="x"
                  type="number"
                  name={axis.param}
                  scale={axis.log ? "log" : "linear"}
                  domain={axis.log ? ["auto", "auto"] : ["dataMin", "dataMax"]}
                  tickFormatter={(v: number) => fmt(v, 3)}
                  allowDuplicatedCategory={false}
                />
                <YAxis
                  dataKey="mean"
                  type="number"
                  domain={["auto", "auto"]}
                  tickFormatter={(v: number) => fmt(v, 3)}
                  width={64}
                />
                <Tooltip content={<PointTooltip />} />
                <Scatter
                  data={axis.points.map((p) => ({ ...p, err: p.std ?? 0 }))}
                  fill={seriesColor(i)}
                  isAnimationActive={false}
                >
                  <ErrorBar
                    dataKey="err"
                    width={4}
                    strokeWidth={1.5}
                    stroke={seriesColor(i)}
                    direction="y"
                  />
                </Scatter>
              </ScatterChart>
            </ResponsiveContainer>
          </figure>
        ))}
      </div>
    </section>
  );
}
