"use client";
// Why: the sweep page shows the spec exactly as it was submitted, as YAML one can copy into `gemsweep submit`.

import { useMemo } from "react";
import { stringify } from "yaml";

// PostgreSQL's jsonb keeps keys in its own order: show them in the order a spec is written.
const SPEC_KEYS = [
  "name",
  "benchmark",
  "seeds",
  "baseline",
  "activations",
  "overrides",
  "search",
  "pruner",
];
const ACTIVATION_KEYS = ["name", "N", "eps", "alpha"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function inOrder(
  value: Record<string, unknown>,
  order: readonly string[],
): Record<string, unknown> {
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.fromEntries(
    Object.entries(value).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)),
  );
}

/** The spec with its keys in writing order (values untouched). */
function writtenOrder(spec: unknown): unknown {
  if (!isRecord(spec)) return spec;
  const out = inOrder(spec, SPEC_KEYS);
  if (Array.isArray(out.activations))
    out.activations = out.activations.map((a: unknown) =>
      isRecord(a) ? inOrder(a, ACTIVATION_KEYS) : a,
    );
  return out;
}

/** The submitted spec as YAML, folded by default. */
export function SpecView({ spec }: { spec: unknown }) {
  const text = useMemo(
    () =>
      spec === null || spec === undefined
        ? ""
        : stringify(writtenOrder(spec), { lineWidth: 0, flowCollectionPadding: false }),
    [spec],
  );
  if (!text) return null;
  return (
    <details className="spec-view">
      <summary>Spec as submitted</summary>
      <pre data-testid="sweep-spec">{text}</pre>
    </details>
  );
}
