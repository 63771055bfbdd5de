"use client";

import Link from "next/link";
import { useCallback, useState } from "react";
import { postApi } from "@/lib/api-client";
import type { ComparisonTableJson, Curves, CurveSplit, SweepDetail as SweepDetailData, SweepSummary } from "@/lib/api-types";
import { dateTime } from "@/lib/format";
import { useApiResource } from "@/hooks/use-api-resource";
import { useSweepEvents } from "@/hooks/use-sweep-events";
import { ConfirmButton } from "./confirm-button";
import { LearningCurves } from "./learning-curves";
import { ParamEffects } from "./param-effects";
import { CountsLine, ProgressBar } from "./progress-bar";
import { SpecView } from "./spec-view";
import { SplitToggle } from "./split-toggle";
import { StatusBadge } from "./status-badge";
import { TablePanel } from "./table-panel";
import { TrialsTable } from "./trials-table";
import { TuningPanel } from "./tuning-panel";

/**
 * One sweep, live: progress from server-sent events (status counts pushed as trials end), the
 * submitted spec, learning curves, a tune-then-compare sweep's tuning stage, the comparison
 * table with downloads, the heatmap, the metric against each swept parameter, and the trials.
 */
export function SweepDetail({ sweepId }: { sweepId: string }) {
  const summaryResource = useApiResource<SweepDetailData>(`/api/sweeps/${sweepId}`);
  const [pushed, setPushed] = useState<SweepSummary | null>(null);
  const [version, setVersion] = useState(0);
  const [table, setTable] = useState<ComparisonTableJson | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const live = useSweepEvents(sweepId, setPushed, bump);
  const [split, setSplit] = useState<CurveSplit>("test");
  const curves = useApiResource<Curves>(`/api/sweeps/${sweepId}/curves?split=${split}`, { version });

  const summary = pushed ?? summaryResource.data;
  if (summaryResource.error && !summary) {
    return (
      <div className="empty">
        <p className="error">{summaryResource.error}</p>
        <Link href="/">Back to sweeps</Link>
      </div>
    );
  }
  if (!summary) return <p className="muted">Loading sweep…</p>;

  const open = summary.counts.WAITING + summary.counts.QUEUED + summary.counts.RUNNING;
  const act = async (action: "cancel" | "resume") => {
    setActionError(null);
    try {
      await postApi(`/api/sweeps/${sweepId}/${action}`);
      summaryResource.reload();
      setPushed(null);
      bump();
    } catch (err) {
      setActionError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <div className="stack">
      <section className="card">
        <div className="section-head">
          <div>
            <h1 data-testid="sweep-name">{summary.name}</h1>
            <p className="muted small">
              <code>{summary.id}</code> · created {dateTime(summary.createdAt)}
              {summary.finishedAt ? ` · finished ${dateTime(summary.finishedAt)}` : ""} · baseline <code>{summary.baseline}</code>
            </p>
          </div>
          <div className="controls">
            <span className={`live live-${live}`} data-testid="live-state">
              {live === "live" ? "● live" : live === "done" ? "finished" : live}
            </span>
            <span data-testid="sweep-status">
              <StatusBadge status={summary.status} />
            </span>
            <Link className="button" href={`/compare?ids=${sweepId}`}>
              Compare…
            </Link>
            {open > 0 ? (
              <ConfirmButton label="Cancel" title={`Cancel ${summary.name}?`} confirmLabel="Cancel the sweep" onConfirm={() => void act("cancel")} testId="cancel-sweep">
                <p>
                  {summary.counts.WAITING + summary.counts.QUEUED} queued trials will not run and {summary.counts.RUNNING} running ones stop at their next epoch. Finished results stay. Resume
                  re-enqueues what did not finish.
                </p>
              </ConfirmButton>
            ) : null}
            {summary.counts.CANCELLED > 0 || (open > 0 && summary.status === "CANCELLED") ? <button onClick={() => void act("resume")}>Resume</button> : null}
          </div>
        </div>
        <ProgressBar counts={summary.counts} total={summary.total} />
        <p className="progress-text" data-testid="progress-text">
          {summary.total - open} of {summary.total} trials finished · <CountsLine counts={summary.counts} />
        </p>
        {actionError ? <p className="error">{actionError}</p> : null}
        <SpecView spec={summaryResource.data?.spec} />
      </section>

      <section className="card">
        <div className="section-head">
          <h2>Learning curves</h2>
          <SplitToggle splits={curves.data?.splits ?? []} split={split} onSplit={setSplit} />
        </div>
        {curves.data ? <LearningCurves curves={curves.data.curves} table={table} split={curves.data.split} /> : <p className="muted">Loading curves…</p>}
      </section>

      <TuningPanel sweepId={sweepId} version={version} />
      <TablePanel sweepId={sweepId} version={version} onTable={setTable} />
      {table ? <ParamEffects table={table} /> : null}
      <TrialsTable sweepId={sweepId} version={version} />
    </div>
  );
}
