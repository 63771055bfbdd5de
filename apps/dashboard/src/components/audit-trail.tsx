"use client";
// Why: the audit trail as a filterable table (GET /api/audit, which needs an admin token).

import Link from "next/link";
import { useState } from "react";
import { useApiResource } from "@/hooks/use-api-resource";
import { dateTime } from "@/lib/format";
import { Pager } from "./pager";

const PAGE = 50;
const ACTIONS = [
  "sweep.launch",
  "sweep.cancel",
  "sweep.resume",
  "worker.drain",
  "token.create",
  "token.revoke",
] as const;

interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  tokenId: string | null;
  action: string;
  target: string;
  source: string;
  detail: Record<string, unknown> | null;
}

function TargetCell({ event }: { event: AuditEvent }) {
  if (event.action.startsWith("sweep."))
    return <Link href={`/sweeps/${event.target}`}>{event.target.slice(0, 8)}…</Link>;
  return <code>{event.target}</code>;
}

/** Every recorded mutation, newest first, filtered by action and actor. */
export function AuditTrail() {
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [offset, setOffset] = useState(0);
  const query = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
  if (action) query.set("action", action);
  if (actor.trim()) query.set("actor", actor.trim());
  const { data, error } = useApiResource<{ events: AuditEvent[]; total: number }>(
    `/api/audit?${query}`,
    { refreshMs: 5000 },
  );
  return (
    <section className="card">
      <div className="section-head">
        <h1>Audit trail {data ? <span className="muted small">({data.total})</span> : null}</h1>
        <div className="controls">
          <label>
            action{" "}
            <select
              value={action}
              data-testid="audit-action"
              onChange={(e) => {
                setAction(e.target.value);
                setOffset(0);
              }}
            >
              <option value="">any</option>
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <label>
            actor{" "}
            <input
              type="text"
              value={actor}
              placeholder="token name, bootstrap, local CLI"
              data-testid="audit-actor"
              onChange={(e) => {
                setActor(e.target.value);
                setOffset(0);
              }}
            />
          </label>
        </div>
      </div>
      {error ? (
        <p className="error" data-testid="audit-error">
          {error}
        </p>
      ) : null}
      {data && data.events.length === 0 ? (
        <p className="muted">Nothing recorded{action || actor ? " that matches" : " yet"}.</p>
      ) : null}
      {data && data.events.length > 0 ? (
        <table className="grid" data-testid="audit-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Target</th>
              <th>From</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {data.events.map((e) => (
              <tr key={e.id}>
                <td title={e.at}>{dateTime(e.at)}</td>
                <td>
                  {e.actor}
                  {e.tokenId ? <div className="muted small">token {e.tokenId}</div> : null}
                </td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  <TargetCell event={e} />
                </td>
                <td>{e.source}</td>
                <td className="small">
                  {e.detail
                    ? Object.entries(e.detail)
                        .map(([k, v]) => `${k}: ${String(v)}`)
                        .join(", ")
                    : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data ? <Pager offset={offset} limit={PAGE} total={data.total} onChange={setOffset} /> : null}
    </section>
  );
}
