"use client";

import Link from "next/link";
import type { TrialDetail as TrialDetailData } from "@/lib/api-types";
import { dateTime, fmt } from "@/lib/format";
import { useApiResource } from "@/hooks/use-api-resource";
import { LayerHealth } from "./layer-health";
import { ReproRecord } from "./repro-record";
import { StatusBadge } from "./status-badge";
import { TrialCurves } from "./trial-curves";
import { TrialLogs } from "./trial-logs";

/** One trial: its config, curves, every attempt (worker, outcome, error), layer health. */
export function TrialDetail({ trialId }: { trialId: string }) {
  const { data: trial, error } = useApiResource<TrialDetailData>(`/api/trials/${trialId}`, { refreshMs: 5000 });
  if (error && !trial) return <p className="error">{error}</p>;
  if (!trial) return <p className="muted">Loading trial…</p>;
  const label = trial.config.activationKey ?? trial.configKey;
  return (
    <div className="stack">
      <section className="card">
        <p className="small">
          <Link href={`/sweeps/${trial.sweepId}`}>← sweep</Link>
        </p>
        <div className="section-head">
          <h1>
            {trial.benchmark} · <code>{label}</code> · seed {trial.seed}
          </h1>
          <StatusBadge status={trial.status} />
        </div>
        <dl className="facts wide">
          <dt>Final metric</dt>
          <dd>{fmt(trial.finalMetric)}</dd>
          <dt>Best metric</dt>
          <dd data-testid="best-metric">{trial.bestEpoch === null ? (trial.validation === "no validation" ? "no validation" : "–") : `${fmt(trial.bestMetric)} (epoch ${trial.bestEpoch})`}</dd>
          <dt>Validation</dt>
          <dd>{trial.validation}</dd>
          <dt>Final loss</dt>
          <dd>{fmt(trial.finalLoss)}</dd>
          <dt>Epochs done</dt>
          <dd>{trial.epochsDone}</dd>
          <dt>Started</dt>
          <dd>{dateTime(trial.startedAt)}</dd>
          <dt>Finished</dt>
          <dd>{dateTime(trial.finishedAt)}</dd>
        </dl>
        {trial.error ? <pre className="error-box">{trial.error}</pre> : null}
      </section>
      <section className="card">
        <h2>Curves</h2>
        <TrialCurves epochs={trial.epochs} />
      </section>
      <div className="two-col">
        <section className="card">
          <h2>Attempts</h2>
          {trial.attempts.length === 0 ? (
            <p className="muted">Not started yet.</p>
          ) : (
            <table className="grid compact" data-testid="attempts">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>Worker</th>
                  <th>Status</th>
                  <th>Started</th>
                  <th>Finished</th>
                </tr>
              </thead>
              <tbody>
                {trial.attempts.map((a) => (
                  <tr key={a.id}>
                    <td className="num">{a.number}</td>
                    <td>
                      <code>{a.workerId ?? "–"}</code>
                    </td>
                    <td>
                      <StatusBadge status={a.status} />
                      {a.error ? <div className="error small">{a.error}</div> : null}
                    </td>
                    <td>{dateTime(a.startedAt)}</td>
                    <td>{dateTime(a.finishedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card">
          <h2>Activation health</h2>
          <LayerHealth epochs={trial.epochs} />
        </section>
      </div>
      <section className="card">
        <h2>Logs</h2>
        <TrialLogs trialId={trial.id} />
      </section>
      <section className="card">
        <h2>Reproducibility</h2>
        <ReproRecord attempts={trial.attempts} />
      </section>
      <section className="card">
        <h2>Config</h2>
        <pre className="code">{JSON.stringify(trial.config, null, 2)}</pre>
      </section>
    </div>
  );
}
