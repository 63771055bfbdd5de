"use client";

// Why: a tune-then-compare sweep's table shows stage 2 only; how each config's setting was
// chosen (its tuning trials, ASHA's rungs and stops, the choice) is shown here, config by config.
import Link from "next/link";
import { formatHyperValue, sweptLabel } from "@gemsweep/core/swept-values";
import type { SweepTuningJson } from "@/lib/api-types";
import { fmt } from "@/lib/format";
import { useApiResource } from "@/hooks/use-api-resource";
import { StatusBadge } from "./status-badge";

type Group = SweepTuningJson["groups"][number];

function settingText(setting: Record<string, unknown>): string {
  return Object.entries(setting)
    .map(([k, v]) => `${k}=${formatHyperValue(v as number)}`)
    .join(", ");
}

function ChoiceLine({ group }: { group: Group }) {
  const ended = group.trials.filter((t) => t.status !== "QUEUED" && t.status !== "RUNNING").length;
  if (!group.choice) return <p className="muted small" data-testid="tuning-choice">tuning: {ended} of {group.trials.length} trials ended; its comparison waits</p>;
  if (!group.choice.values) return <p className="error small" data-testid="tuning-choice">no choice: {group.choice.reason}</p>;
  return (
    <p className="small" data-testid="tuning-choice">
      <strong>{sweptLabel(group.choice.values as Record<string, number>, "*")}</strong> · validation {fmt(group.choice.score)} · {group.choice.completed} of {group.choice.trials} tuning
      trials completed · {group.choice.reason}
    </p>
  );
}

/** Stage 1 of a tune-then-compare sweep: per config its tuning trials and the setting chosen for stage 2. */
export function TuningPanel({ sweepId, version }: { sweepId: string; version: number }) {
  const { data, error } = useApiResource<SweepTuningJson>(`/api/sweeps/${sweepId}/tuning`, { version });
  if (error) return <p className="error">{error}</p>;
  if (!data || data.stages !== 2) return null;
  const trials = data.groups.reduce((n, g) => n + g.trials.length, 0);
  const scheduler = data.scheduler?.strategy ?? "none";
  return (
    <section className="card" data-testid="tuning-panel">
      <div className="section-head">
        <h2>Stage 1: tuning {data.over.join(", ")} on validation</h2>
        <p className="muted small" data-testid="tuning-summary">
          {trials} tuning trials · scheduler {scheduler} · {data.stoppedEarly} stopped early
        </p>
      </div>
      <p className="muted small">Each config is tuned on its own; the comparison table below shows stage 2: each config&apos;s chosen setting on the paired seeds, on test.</p>
      {data.groups.map((g) => (
        <details key={g.configKey} className="tuning-group" data-testid="tuning-group" open>
          <summary>
            {g.label} <span className="muted small">({g.benchmark})</span>
          </summary>
          <ChoiceLine group={g} />
          <table className="grid" data-testid="tuning-trials">
            <thead>
              <tr>
                <th className="num">Setting</th>
                <th>Values</th>
                <th className="num">Seed</th>
                <th>Status</th>
                <th className="num">Rung</th>
                <th className="num">Epochs</th>
                <th className="num">Validation</th>
                <th>Why it stopped</th>
              </tr>
            </thead>
            <tbody>
              {g.trials.map((t) => (
                <tr key={t.id} className={g.choice?.sample === t.sample ? "chosen" : undefined}>
                  <td className="num">{t.sample}</td>
                  <td>
                    <Link href={`/trials/${t.id}`}>{settingText(t.setting)}</Link>
                  </td>
                  <td className="num">{t.seed}</td>
                  <td>
                    <StatusBadge status={t.status} />
                  </td>
                  <td className="num" title="the highest ASHA rung it was decided at">
                    {t.rung === null ? "–" : t.status === "PRUNED" ? `${t.rung} (stopped)` : `${t.rung} ↑`}
                  </td>
                  <td className="num">{t.epochsDone}</td>
                  <td className="num">{fmt(t.score)}</td>
                  <td className="small muted">{t.status === "PRUNED" || t.status === "FAILED" ? t.error : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
    </section>
  );
}
