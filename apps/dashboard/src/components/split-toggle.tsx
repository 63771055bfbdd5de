"use client";
// Why: learning curves switch between the validation and the test metric, shown only when the data has both.

import type { CurveSplit } from "@/lib/api-types";

const NAMES: Record<CurveSplit, string> = { val: "validation", test: "test" };

/** Buttons for the splits present; renders nothing while only one split has data. */
export function SplitToggle({
  splits,
  split,
  onSplit,
}: {
  splits: readonly CurveSplit[];
  split: CurveSplit;
  onSplit: (s: CurveSplit) => void;
}) {
  if (splits.length < 2) return null;
  return (
    <span
      className="split-toggle"
      role="group"
      aria-label="metric split"
      data-testid="split-toggle"
    >
      {splits.map((s) => (
        <button key={s} aria-pressed={s === split} onClick={() => onSplit(s)}>
          {NAMES[s]}
        </button>
      ))}
    </span>
  );
}
