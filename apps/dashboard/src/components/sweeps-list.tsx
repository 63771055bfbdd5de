"use client";

import Link from "next/link";
import { useState } from "react";
import { useApiResource } from "@/hooks/use-api-resource";
import type { SweepList } from "@/lib/api-types";
import { ago } from "@/lib/format";
import { Pager } from "./pager";
import { CountsLine, ProgressBar } from "./progress-bar";
import { StatusBadge } from "./status-badge";

const PAGE = 25;

/** Every sweep, newest first, with live progress (refreshed every few seconds). */
export function SweepsList() {
  const [offset, setOffset] = useState(0);
  const { data, error } = useApiResource<SweepList>(`/api/sweeps?limit=${PAGE}&offset=${offset}`, { refreshMs: 4000 });
  if (error) return <p className="error">Could not load sweeps: {error}</p>;
  if (!data) return <p className="muted">Loading sweeps…</p>;
  if (data.total === 0) {
    return (
      <div className="empty">
        <p>No sweeps yet.</p>
        <Link className="button primary" href="/sweeps/new">
          Launch your first sweep
        </Link>
      </div>
    );
  }
  return (
    <>
      <table className="grid" data-testid="sweeps-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Status</th>
            <th className="wide">Progress</th>
            <th className="num">Trials</th>
            <th>Baseline</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {data.sweeps.map((s) => (
            <tr key={s.id}>
              <td>
                <Link href={`/sweeps/${s.id}`}>{s.name}</Link>
              </td>
              <td>
                <StatusBadge status={s.status} />
              </td>
              <td>
                <ProgressBar counts={s.counts} total={s.total} />
                <CountsLine counts={s.counts} />
              </td>
              <td className="num">{s.total}</td>
              <td>
                <code>{s.baseline}</code>
              </td>
              <td title={s.createdAt}>{ago(s.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager offset={offset} limit={PAGE} total={data.total} onChange={setOffset} />
    </>
  );
}
