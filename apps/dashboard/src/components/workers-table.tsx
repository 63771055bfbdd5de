"use client";

import Link from "next/link";
import { useState } from "react";
import { postApi } from "@/lib/api-client";
import type { WorkerRow } from "@/lib/api-types";
import { ago, fmt } from "@/lib/format";
import { useApiResource } from "@/hooks/use-api-resource";
import { ConfirmButton } from "./confirm-button";
import { StatusBadge } from "./status-badge";

/** Live workers (heartbeat within 2 min, or all), what they run, how fast; drain a worker. */
export function WorkersTable() {
  const [all, setAll] = useState(false);
  const { data, error, reload } = useApiResource<{ workers: WorkerRow[] }>(`/api/workers${all ? "?all=1" : ""}`, { refreshMs: 3000 });
  const [actionError, setActionError] = useState<string | null>(null);
  const drain = async (id: string) => {
    setActionError(null);
    try {
      await postApi(`/api/workers/${encodeURIComponent(id)}/drain`);
      reload();
    } catch (err) {
      setActionError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <section className="card">
      <div className="section-head">
        <h1>Workers {data ? <span className="muted small">({data.workers.length})</span> : null}</h1>
        <label className="small">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> include stopped and silent workers
        </label>
      </div>
      {error ? <p className="error">{error}</p> : null}
      {actionError ? <p className="error">{actionError}</p> : null}
      {data && data.workers.length === 0 ? (
        <p className="muted">
          No live workers. Start one with <code>npx gemsweep worker --concurrency 2 --backend auto</code> (same REDIS_URL and DATABASE_URL).
        </p>
      ) : null}
      {data && data.workers.length > 0 ? (
        <table className="grid" data-testid="workers-table">
          <thead>
            <tr>
              <th>Worker</th>
              <th>Backend</th>
              <th>Device</th>
              <th className="num">Concurrency</th>
              <th>Status</th>
              <th>Current trial</th>
              <th className="num">Samples/s</th>
              <th className="num">Trials done</th>
              <th>Last heartbeat</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.workers.map((w) => (
              <tr key={w.id} className={w.alive ? undefined : "dim"}>
                <td>
                  <code>{w.id}</code>
                  <div className="muted small">
                    {w.host}
                    {w.pid ? ` · pid ${w.pid}` : ""}
                  </div>
                </td>
                <td>{w.backend}</td>
                <td>{w.device}</td>
                <td className="num">{w.concurrency}</td>
                <td>
                  <StatusBadge status={w.status} />
                </td>
                <td>{w.currentTrialId ? <Link href={`/trials/${w.currentTrialId}`}>{w.currentTrialId.slice(0, 8)}…</Link> : <span className="muted">idle</span>}</td>
                <td className="num">{fmt(w.samplesPerSec, 3)}</td>
                <td className="num">{w.trialsDone}</td>
                <td title={w.lastHeartbeat}>{ago(w.lastHeartbeat)}</td>
                <td>
                  {w.status === "ACTIVE" ? (
                    <ConfirmButton label="Drain" title={`Drain ${w.id}?`} confirmLabel="Drain the worker" onConfirm={() => void drain(w.id)} testId={`drain-${w.id}`}>
                      <p>
                        It takes no new trials from its next heartbeat on; {w.currentTrialId ? "its running trials stop at a checkpoint and go back to the queue for another worker" : "it runs nothing now"}.
                        Stop its process, container or pod afterwards.
                      </p>
                    </ConfirmButton>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
