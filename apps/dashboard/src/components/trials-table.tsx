"use client";

import Link from "next/link";
import { useState } from "react";
import { activationFromParts, activationLabel } from "@gemsweep/contracts";
import { sweptLabel } from "@gemsweep/core/swept-values";
import { TRIAL_STATUS_ORDER, type TrialPage, type TrialRow } from "@/lib/api-types";
import { fmt } from "@/lib/format";
import { useApiResource } from "@/hooks/use-api-resource";
import { Pager } from "./pager";
import { StatusBadge } from "./status-badge";

const PAGE = 50;

function activationLabelOf(trial: TrialRow): string {
  const activation = activationFromParts({ name: trial.activation, N: trial.n, eps: trial.eps, alpha: trial.alpha });
  const label = activation ? activationLabel(activation) : trial.activation;
  const values = sweptLabel((trial.values ?? {}) as Record<string, number>);
  return values ? `${label}, ${values}` : label;
}

/** "tune #3, rung 1" for a tuning trial, "compare" otherwise. */
function stageOf(trial: TrialRow): string {
  if (trial.stage !== "TUNE") return "compare";
  return `tune #${trial.sample}${trial.rung !== null ? `, rung ${trial.rung}` : ""}`;
}

/** The sweep's trials, a page at a time (server-side pagination), filterable by status. */
export function TrialsTable({ sweepId, version }: { sweepId: string; version: number }) {
  const [status, setStatus] = useState("");
  const [stage, setStage] = useState("");
  const [offset, setOffset] = useState(0);
  const url = `/api/sweeps/${sweepId}/trials?limit=${PAGE}&offset=${offset}${status ? `&status=${status}` : ""}${stage ? `&stage=${stage}` : ""}`;
  const { data, error } = useApiResource<TrialPage>(url, { version });
  return (
    <section className="card">
      <div className="section-head">
        <h2>Trials {data ? <span className="muted small">({data.total})</span> : null}</h2>
        <select
          value={stage}
          aria-label="stage filter"
          onChange={(e) => {
            setStage(e.target.value);
            setOffset(0);
          }}
        >
          <option value="">both stages</option>
          <option value="TUNE">stage 1 (tune)</option>
          <option value="COMPARE">compare</option>
        </select>
        <select
          value={status}
          aria-label="status filter"
          onChange={(e) => {
            setStatus(e.target.value);
            setOffset(0);
          }}
        >
          <option value="">all statuses</option>
          {TRIAL_STATUS_ORDER.map((s) => (
            <option key={s} value={s}>
              {s.toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      {error ? <p className="error">{error}</p> : null}
      {data ? (
        <>
          <table className="grid" data-testid="trials-table">
            <thead>
              <tr>
                <th>Benchmark</th>
                <th>Config</th>
                <th>Stage</th>
                <th className="num">Seed</th>
                <th>Status</th>
                <th className="num">Epochs</th>
                <th className="num">Final</th>
                <th className="num">Best</th>
                <th className="num">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {data.trials.map((t) => (
                <tr key={t.id}>
                  <td>{t.benchmark}</td>
                  <td>
                    <Link href={`/trials/${t.id}`}>{activationLabelOf(t)}</Link>
                  </td>
                  <td className="small">{stageOf(t)}</td>
                  <td className="num">{t.seed}</td>
                  <td>
                    <StatusBadge status={t.status} />
                  </td>
                  <td className="num">{t.epochsDone}</td>
                  <td className="num">{fmt(t.finalMetric)}</td>
                  <td className="num">{fmt(t.bestMetric)}</td>
                  <td className="num">{t.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager offset={offset} limit={PAGE} total={data.total} onChange={setOffset} />
        </>
      ) : null}
    </section>
  );
}
