"use client";
// Why: choosing which sweeps to compare, by name, newest first, with the chosen ones kept in order.

import type { SweepSummary } from "@/lib/api-types";
import { ago } from "@/lib/format";

/** Checkboxes over the sweeps; `selected` keeps the order they were picked in (the compare columns' order). */
export function SweepPicker({
  sweeps,
  selected,
  onChange,
}: {
  sweeps: SweepSummary[];
  selected: string[];
  onChange: (ids: string[]) => void;
}) {
  if (sweeps.length === 0) return <p className="muted">No sweeps yet.</p>;
  return (
    <div className="sweep-picker" data-testid="sweep-picker">
      {sweeps.map((s) => (
        <label key={s.id}>
          <input
            type="checkbox"
            checked={selected.includes(s.id)}
            onChange={(e) =>
              onChange(
                e.target.checked ? [...selected, s.id] : selected.filter((id) => id !== s.id),
              )
            }
            data-testid={`pick-${s.name}`}
          />
          <span>{s.name}</span>
          <span className="muted small">
            {s.total} trials · {s.status.toLowerCase()} · {ago(s.createdAt)}
          </span>
        </label>
      ))}
    </div>
  );
}
