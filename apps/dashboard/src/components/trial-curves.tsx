"use client";
// Why: one trial's curves, with a validation/test toggle once its epochs carry a validation metric.

import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CurveSplit, EpochRow } from "@/lib/api-types";
import { fmt } from "@/lib/format";
import { seriesColor } from "@/lib/series-color";
import { SplitToggle } from "./split-toggle";

/** The splits a trial's epochs have a metric for: `val` once the trainer records a validation split. */
function splitsOf(epochs: EpochRow[]): CurveSplit[] {
  return epochs.some((e) => e.valMetric !== null && e.valMetric !== undefined) ? ["val", "test"] : ["test"];
}

/** One trial's curves: the split's metric on the left axis, its loss and the train loss on the right. */
export function TrialCurves({ epochs }: { epochs: EpochRow[] }) {
  const splits = splitsOf(epochs);
  const [split, setSplit] = useState<CurveSplit>("test");
  if (epochs.length === 0) return <p className="muted">No epochs recorded yet.</p>;
  const shown = splits.includes(split) ? split : "test";
  const data = epochs.map((e) => ({
    epoch: e.epoch,
    trainLoss: e.trainLoss,
    metric: shown === "val" ? (e.valMetric ?? null) : (e.testMetric ?? e.metric),
    loss: shown === "val" ? (e.valLoss ?? null) : (e.testLoss ?? e.loss),
  }));
  const name = shown === "val" ? "validation" : "test";
  return (
    <figure className="chart" data-testid="trial-curves">
      <SplitToggle splits={splits} split={shown} onSplit={setSplit} />
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="epoch" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} />
          <YAxis yAxisId="metric" domain={["auto", "auto"]} tickFormatter={(v: number) => fmt(v, 3)} width={64} />
          <YAxis yAxisId="loss" orientation="right" domain={["auto", "auto"]} tickFormatter={(v: number) => fmt(v, 3)} width={64} />
          <Tooltip formatter={(v: unknown) => fmt(v as number)} />
          <Legend />
          <Line yAxisId="metric" dataKey="metric" name={`${name} metric`} stroke={seriesColor(0)} strokeWidth={2} isAnimationActive={false} />
          <Line yAxisId="loss" dataKey="loss" name={`${name} loss`} stroke={seriesColor(3)} strokeDasharray="5 3" isAnimationActive={false} />
          <Line yAxisId="loss" dataKey="trainLoss" name="train loss" stroke={seriesColor(1)} strokeDasharray="2 2" isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
