"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { EpochRow, LayerHealth as LayerHealthRow } from "@/lib/api-types";
import { fmt } from "@/lib/format";

function layerName(h: LayerHealthRow, i: number): string {
  return String(h.site ?? h.layer ?? `layer ${i + 1}`);
}

/**
 * Activation health per layer at the last epoch that recorded it: the fraction of dead units
 * (output and gradient exactly zero over the health batch), where ReLU-like units die, and of
 * near-dead ones (pre-activation negative on >= 99% of it), which leaky activations have too.
 */
export function LayerHealth({ epochs }: { epochs: EpochRow[] }) {
  const last = [...epochs].reverse().find((e) => Array.isArray(e.health) && e.health.length > 0);
  if (!last || !last.health) return <p className="muted">No activation health recorded.</p>;
  const rows = last.health.map((h, i) => ({ layer: layerName(h, i), deadFraction: typeof h.deadFraction === "number" ? h.deadFraction : 0, units: h.units, deadUnits: h.deadUnits, nearDeadFraction: typeof h.nearDeadFraction === "number" ? h.nearDeadFraction : null }));
  return (
    <div data-testid="layer-health">
      <p className="muted small">Epoch {last.epoch}: dead units per activation site.</p>
      <ResponsiveContainer width="100%" height={Math.max(120, 36 * rows.length + 40)}>
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis type="number" domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
          <YAxis type="category" dataKey="layer" width={120} />
          <Tooltip formatter={(v: unknown) => `${fmt((v as number) * 100, 3)}% dead`} />
          <Bar dataKey="deadFraction" name="dead fraction" fill="#D55E00" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <table className="grid compact">
        <thead>
          <tr>
            <th>Site</th>
            <th className="num">Units</th>
            <th className="num">Dead</th>
            <th className="num">Dead %</th>
            <th className="num">Near-dead %</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.layer}>
              <td>{r.layer}</td>
              <td className="num">{r.units ?? "–"}</td>
              <td className="num">{r.deadUnits ?? "–"}</td>
              <td className="num">{fmt(r.deadFraction * 100, 3)}%</td>
              <td className="num">{r.nearDeadFraction === null ? "–" : `${fmt(r.nearDeadFraction * 100, 3)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
