"use client";
// Why: the compare view: pick two or more sweeps, see their table rows side by side on shared benchmarks and where their specs differ.

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useApiResource } from "@/hooks/use-api-resource";
import type { SweepComparison, SweepList } from "@/lib/api-types";
import { fmt } from "@/lib/format";
import { SweepPicker } from "./sweep-picker";

/** The spec fields of the compared sweeps; differing ones marked, equal ones behind a toggle. */
function SpecDiff({ comparison }: { comparison: SweepComparison }) {
  const [all, setAll] = useState(false);
  const differing = comparison.spec.filter((f) => f.differs);
  const shown = all ? comparison.spec : differing;
  return (
    <section className="card">
      <div className="section-head">
        <h2>
          Specs{" "}
          <span className="muted small">
            {differing.length === 0
              ? "identical in every compared field"
              : `${differing.length} fields differ`}
          </span>
        </h2>
        <label className="small">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> show
          equal fields too
        </label>
      </div>
      {shown.length > 0 ? (
        <div className="table-scroll">
          <table className="grid compact spec-diff" data-testid="spec-diff">
            <thead>
              <tr>
                <th>Field</th>
                {comparison.sweeps.map((s) => (
                  <th key={s.id}>{s.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((f) => (
                <tr
                  key={f.field}
                  className={f.differs ? "differs" : undefined}
                  data-field={f.field}
                >
                  <th>
                    <code>{f.field}</code>
                  </th>
                  {f.values.map((v, i) => (
                    <td key={i}>
                      <code>{v}</code>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** One shared benchmark: a row per config, a column per sweep (mean ± std, n), the best sweep of each row marked. */
function BenchmarkComparison({
  comparison,
  index,
}: {
  comparison: SweepComparison;
  index: number;
}) {
  const bench = comparison.benchmarks[index]!;
  return (
    <section className="card" data-testid={`compare-${bench.benchmark}`}>
      <h2>
        {bench.title}{" "}
        <span className="muted small">
          {comparison.value} {bench.metric} {bench.direction === "max" ? "↑" : "↓"}, mean ± std over
          seeds
        </span>
      </h2>
      <div className="table-scroll">
        <table className="grid comparison compare" data-testid="compare-table">
          <thead>
            <tr>
              <th>Activation</th>
              {comparison.sweeps.map((s) => (
                <th key={s.id}>
                  <Link href={`/sweeps/${s.id}`}>{s.name}</Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {bench.rows.map((row) => (
              <tr key={row.key}>
                <th>{row.label}</th>
                {row.cells.map((cell, i) =>
                  cell === null ? (
                    <td key={i} className="absent" title="this sweep has no such config">
                      —
                    </td>
                  ) : (
                    <td key={i} className={row.bestSweep === i ? "best-sweep" : undefined}>
                      <span className="mean">
                        {fmt(cell.mean, 4)}
                        {cell.std !== null ? (
                          <span className="std"> ± {fmt(cell.std, 3)}</span>
                        ) : null}
                      </span>
                      <span className="cell-meta">
                        n={cell.n}
                        {row.baseline[i]
                          ? " · baseline"
                          : cell.delta !== null
                            ? ` · Δ ${cell.delta >= 0 ? "+" : ""}${fmt(cell.delta, 3)}${cell.mark}`
                            : ""}
                        {cell.pending > 0 ? ` · ${cell.pending} pending` : ""}
                      </span>
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** `/compare?ids=a,b`: the sweeps to compare live in the URL, so a comparison can be linked. */
export function CompareView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const [metric, setMetric] = useState<"final" | "best">("final");
  // The selection answers clicks at once; the URL follows it (so a comparison can be linked).
  const [ids, setIds] = useState<string[]>(() =>
    (params.get("ids") ?? "").split(",").filter(Boolean),
  );
  const sweeps = useApiResource<SweepList>("/api/sweeps?limit=100");
  const comparison = useApiResource<SweepComparison>(
    ids.length >= 2 ? `/api/compare?ids=${ids.join(",")}&metric=${metric}` : null,
  );
  useEffect(() => {
    router.replace(ids.length > 0 ? `${pathname}?ids=${ids.join(",")}` : pathname, {
      scroll: false,
    });
  }, [ids, pathname, router]);
  const select = setIds;
  return (
    <div className="stack">
      <section className="card">
        <div className="section-head">
          <h1>Compare sweeps</h1>
          <label>
            metric{" "}
            <select
              value={metric}
              onChange={(e) => setMetric(e.target.value as "final" | "best")}
              data-testid="compare-metric"
            >
              <option value="final">final epoch</option>
              <option value="best">best epoch</option>
            </select>
          </label>
        </div>
        <p className="muted small">
          Pick two or more sweeps: their table rows line up on the benchmarks they all ran, and the
          spec fields that differ are marked.
        </p>
        {sweeps.error ? <p className="error">{sweeps.error}</p> : null}
        {sweeps.data ? (
          <SweepPicker sweeps={sweeps.data.sweeps} selected={ids} onChange={select} />
        ) : (
          <p className="muted">Loading sweeps…</p>
        )}
      </section>
      {ids.length < 2 ? <p className="muted">Select at least two sweeps.</p> : null}
      {comparison.error && ids.length >= 2 ? <p className="error">{comparison.error}</p> : null}
      {comparison.data && ids.length >= 2 ? (
        <>
          <SpecDiff comparison={comparison.data} />
          {comparison.data.benchmarks.length === 0 ? (
            <p className="muted">These sweeps share no benchmark.</p>
          ) : null}
          {comparison.data.benchmarks.map((b, i) => (
            <BenchmarkComparison key={b.benchmark} comparison={comparison.data!} index={i} />
          ))}
          {comparison.data.unshared.length > 0 ? (
            <p className="muted small" data-testid="unshared">
              Not compared (not run by every sweep):{" "}
              {comparison.data.unshared.map((u) => u.benchmark).join(", ")}
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
