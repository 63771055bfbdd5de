"use client";
// Why: the trial page shows what each attempt ran with (its reproducibility record), side by side when attempts differ.

import type { AttemptRow } from "@/lib/api-types";
import type { ReproRecordJson } from "@/lib/research-types";

type Field = { label: string; value: (r: ReproRecordJson) => string };

const FIELDS: Field[] = [
  {
    label: "Git commit",
    value: (r) =>
      r.gitCommit
        ? `${r.gitCommit}${r.gitDirty ? " (dirty)" : r.gitDirty === false ? " (clean)" : ""}`
        : "unknown",
  },
  { label: "GemSweep", value: (r) => r.gemsweepVersion },
  { label: "tfjs", value: (r) => r.tfjsVersion ?? "–" },
  { label: "Node.js", value: (r) => r.nodeVersion },
  { label: "Lockfile sha256", value: (r) => r.lockfileSha256 ?? "–" },
  { label: "Backend", value: (r) => r.backend },
  { label: "Device", value: (r) => r.device },
  { label: "Worker", value: (r) => r.workerId },
  {
    label: "Dataset",
    value: (r) => (r.dataset ? `${r.dataset.name} (checked ${r.dataset.verified})` : "none"),
  },
  { label: "Dataset checksum", value: (r) => r.dataset?.checksum ?? "–" },
  {
    label: "Config",
    value: (r) =>
      JSON.stringify({
        activation: r.config.activation,
        seed: r.config.seed,
        hyper: r.config.hyper,
      }),
  },
  { label: "Recorded", value: (r) => r.recordedAt },
];

/** One column per attempt that has a record; fields that differ between attempts are marked. */
export function ReproRecord({ attempts }: { attempts: AttemptRow[] }) {
  const recorded = attempts.filter(
    (a): a is AttemptRow & { repro: ReproRecordJson } => a.repro !== null,
  );
  if (recorded.length === 0)
    return (
      <p className="muted">No attempt has a record yet (it is written when an attempt starts).</p>
    );
  return (
    <div className="table-scroll">
      <table className="grid compact repro" data-testid="repro-record">
        <thead>
          <tr>
            <th>Field</th>
            {recorded.map((a) => (
              <th key={a.id}>Attempt {a.number}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {FIELDS.map((field) => {
            const values = recorded.map((a) => field.value(a.repro));
            const differs =
              field.label !== "Recorded" &&
              field.label !== "Worker" &&
              values.some((v) => v !== values[0]);
            return (
              <tr key={field.label} data-field={field.label}>
                <th>
                  {field.label}
                  {differs ? <span className="tag">differs</span> : null}
                </th>
                {values.map((value, i) => (
                  <td key={recorded[i]!.id}>
                    <code className="wrap">{value}</code>
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
