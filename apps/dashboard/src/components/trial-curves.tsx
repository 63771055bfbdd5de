"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { EpochRow } from "@/lib/api-types";
import { fmt } from "@/lib/format";
import { seriesColor } from "@/lib/series-color";

/** One trial's curves: validation and test metric on the left axis, validation, test and train loss on the right. */
export function TrialCurves({ epochs }: { epochs: EpochRow[] }) {
  if (epochs.length === 0) return <p className="muted">No epochs recorded yet.</p>;
  return (
    <figure className="chart" data-testid="trial-curves">
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={epochs} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="epoch" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} />
          <YAxis yAxisId="metric" domain={["auto", "auto"]} tickFormatter={(v: number) => fmt(v, 3)} width={64} />
          <YAxis yAxisId="loss" orientation="right" domain={["auto", "auto"]} tickFormatter={(v: number) => fmt(v, 3)} width={64} />
          <Tooltip formatter={(v: unknown) => fmt(v as number)} />
          <Legend />
          <Line yAxisId="metric" dataKey="valMetric" name="validation metric" stroke={seriesColor(2)} strokeWidth={2} isAnimationActive={false} />
          <Line yAxisId="metric" dataKey="testMetric" name="test metric" stroke={seriesColor(0)} strokeWidth={2} isAnimationActive={false} />
          <Line yAxisId="loss" dataKey="valLoss" name="validation loss" stroke={seriesColor(4)} strokeDasharray="5 3" isAnimationActive={false} />
          <Line yAxisId="loss" dataKey="testLoss" name="test loss" stroke={seriesColor(3)} strokeDasharray="5 3" isAnimationActive={false} />
          <Line yAxisId="loss" dataKey="trainLoss" name="train loss" stroke={seriesColor(1)} strokeDasharray="2 2" isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
