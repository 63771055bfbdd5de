"use client";

import { type MouseEvent, useEffect, useMemo, useState } from "react";
import { downloadApi } from "@/lib/api-client";
import type { ComparisonTableJson } from "@/lib/api-types";
import { useApiResource } from "@/hooks/use-api-resource";
import { ComparisonTableView } from "./comparison-table-view";
import { ParamHeatmap } from "./param-heatmap";

const FORMATS = [
  { format: "csv", label: "CSV" },
  { format: "md", label: "Markdown" },
  { format: "tex", label: "LaTeX" },
  { format: "json", label: "JSON" },
] as const;

/** Ablation views the sweep supports (its plan's), as the API's `pivot=PARAM:FAMILY` values. */
function pivotsOf(table: ComparisonTableJson | null): string[] {
  return (table?.pivots ?? []).map((p) => `${p.by}:${p.family}`);
}

/**
 * The comparison table with its controls: final vs best-epoch metric, an ablation pivot,
 * downloads in every export format (same query as the view), and the N x ε heatmap.
 */
export function TablePanel({ sweepId, version, onTable }: { sweepId: string; version: number; onTable: (t: ComparisonTableJson) => void }) {
  const [metric, setMetric] = useState<"final" | "best">("final");
  const [pivot, setPivot] = useState("");
  // the exports' style (the view above stays the default one): paper = accuracy in %, gap in points, dead / near-dead %
  const [style, setStyle] = useState<"default" | "paper">("default");
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const query = `metric=${metric}${pivot ? `&pivot=${encodeURIComponent(pivot)}` : ""}`;
  const { data, error } = useApiResource<ComparisonTableJson>(`/api/sweeps/${sweepId}/table?format=json&${query}`, { version });
  // The unpivoted table (every config as a row) feeds the pivot choices, the heatmap and the
  // curves' ranking; a pivoted view leaves the last one in place.
  const [base, setBase] = useState<ComparisonTableJson | null>(null);
  useEffect(() => {
    if (data && !data.pivot) {
      setBase(data);
      onTable(data);
    }
  }, [data, onTable]);
  const pivots = useMemo(() => pivotsOf(base), [base]);
  return (
    <>
      <section className="card" id="table">
        <div className="section-head">
          <h2>Comparison table</h2>
          <div className="controls">
            <label>
              metric{" "}
              <select value={metric} onChange={(e) => setMetric(e.target.value as "final" | "best")} data-testid="table-metric">
                <option value="final">final epoch</option>
                <option value="best">best epoch</option>
              </select>
            </label>
            {pivots.length > 0 ? (
              <label>
                rows{" "}
                <select value={pivot} onChange={(e) => setPivot(e.target.value)}>
                  <option value="">every config</option>
                  {pivots.map((p) => (
                    <option key={p} value={p}>
                      {p.split(":")[1]} by {p.split(":")[0]}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
          </div>
        </div>
        {error ? <p className="error">{error}</p> : null}
        {data ? <ComparisonTableView table={data} /> : !error ? <p className="muted">Loading the table…</p> : null}
        <div className="downloads" data-testid="downloads">
          Download{" "}
          <select value={style} onChange={(e) => setStyle(e.target.value as "default" | "paper")} data-testid="table-style" aria-label="export style">
            <option value="default">default style</option>
            <option value="paper">paper style</option>
          </select>
          :
          {FORMATS.map(({ format, label }) => {
            const href = `/api/sweeps/${sweepId}/table?format=${format}&${query}${style === "paper" ? "&style=paper" : ""}`;
            // fetched with the token (a plain link cannot send it), then saved
            const save = (e: MouseEvent) => {
              e.preventDefault();
              setDownloadError(null);
              downloadApi(href, `table.${format}`).catch((err: unknown) => setDownloadError(err instanceof Error ? err.message : String(err)));
            };
            return (
              <a key={format} className="button" href={href} download onClick={save} data-testid={`download-${format}`}>
                {label}
              </a>
            );
          })}
        </div>
        {downloadError ? <p className="error">{downloadError}</p> : null}
      </section>
      {base ? <ParamHeatmap table={base} /> : null}
    </>
  );
}
