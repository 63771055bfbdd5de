"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ApiError, postApi } from "@/lib/api-client";
import type { SpecPreview } from "@/lib/api-types";

const EXAMPLE = `name: fashion-mlp-gem
benchmark: fashion-mnist-mlp        # or a list of benchmarks
seeds: [0, 1, 2]                     # paired over configs
baseline: gelu
activations:
  - relu
  - gelu
  - { name: gem, N: [1, 2] }
  - { name: e-gem, N: 1, eps: [1e-4, 1e-2, 1] }
  - { name: se-gem, N: 1, eps: 1e-4 }
overrides: { epochs: 5, batchSize: 128, lr: 1e-3 }
`;

type Estimate = Extract<SpecPreview, { ok: true }>["summary"]["estimate"];

/** "about 32 s on one wasm worker (12 s with ASHA)" or why it is unknown. */
function estimateText(e: Estimate): string {
  const seconds = (s: number) => (s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);
  if (e.seconds === null) return `Compute: unknown on ${e.backend} (${e.benchmarks.filter((b) => b.epochSeconds === null).map((b) => b.basis).join("; ")})`;
  const early = e.stages.find((s) => s.secondsWithEarlyStopping !== null);
  const withAsha = early ? `; ${seconds(early.secondsWithEarlyStopping! + e.seconds - (early.seconds ?? 0))} if ASHA halves stage 1` : "";
  return `Compute: at most ${seconds(e.seconds)} on one ${e.backend} worker${withAsha} (measured samples/s; training only)`;
}

/**
 * The new-sweep form: a YAML editor validated as you type by the server's own schema (POST
 * /api/sweeps/preview), showing the trials per stage, the table shape, the compute estimate and
 * the plan, and a launch button.
 */
export function SpecEditor() {
  const router = useRouter();
  const [text, setText] = useState(EXAMPLE);
  const [preview, setPreview] = useState<SpecPreview | null>(null);
  const [checking, setChecking] = useState(false);
  const [launching, setLaunching] = useState(false);
  const [launchError, setLaunchError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setChecking(true);
    const timer = setTimeout(() => {
      postApi<SpecPreview>("/api/sweeps/preview", text, "application/yaml")
        .then((p) => !cancelled && setPreview(p))
        .catch((err: unknown) => !cancelled && setPreview({ ok: false, errors: err instanceof ApiError && ![401, 403, 429].includes(err.status) ? err.issues : [{ path: "", message: err instanceof Error ? err.message : String(err) }] }))
        .finally(() => !cancelled && setChecking(false));
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [text]);

  const launch = async () => {
    setLaunching(true);
    setLaunchError(null);
    try {
      const created = await postApi<{ id: string; trials: number }>("/api/sweeps", text, "application/yaml");
      router.push(`/sweeps/${created.id}`);
    } catch (err) {
      setLaunchError(err instanceof Error ? err.message : String(err));
      setLaunching(false);
    }
  };

  const summary = preview?.ok ? preview.summary : undefined;
  const plan = preview?.ok ? preview.plan : undefined;
  return (
    <div className="editor-layout">
      <div className="editor">
        <label htmlFor="spec">Sweep spec (YAML or JSON)</label>
        <textarea id="spec" data-testid="spec-editor" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} rows={22} />
      </div>
      <aside className="card preview" data-testid="spec-preview" aria-live="polite">
        <h3>Preview {checking ? <span className="muted small">checking…</span> : null}</h3>
        {summary ? (
          <>
            <dl className="facts">
              <dt>Trials</dt>
              <dd data-testid="preview-trials">{summary.trials}</dd>
              {summary.stages.tune ? (
                <>
                  <dt>Stage 1 (tune)</dt>
                  <dd data-testid="preview-tune">
                    {summary.stages.tune.trials} trials: {summary.stages.tune.settings} settings of {summary.stages.tune.over.join(", ")} per config, {summary.stages.tune.scheduler}
                  </dd>
                  <dt>Stage 2 (compare)</dt>
                  <dd data-testid="preview-compare">
                    {summary.stages.compare.trials} trials: {summary.stages.compare.seeds.length} paired seeds per config
                  </dd>
                </>
              ) : null}
              <dt>Configs</dt>
              <dd>{summary.configs}</dd>
              <dt>Seeds</dt>
              <dd>{summary.seeds}</dd>
              <dt>Table</dt>
              <dd data-testid="preview-shape">
                {summary.tableShape.rows} rows × {summary.tableShape.cols} {summary.tableShape.cols === 1 ? "column" : "columns"}
              </dd>
              <dt>Baseline</dt>
              <dd>
                <code>{summary.baselineKey}</code>
              </dd>
            </dl>
            {!summary.stages.tune && summary.gridTrials !== summary.trials ? <p className="muted small">{summary.gridTrials} trials in the full grid; the search samples {summary.trials}.</p> : null}
            <p className="muted small" data-testid="preview-estimate">
              {estimateText(summary.estimate)}
            </p>
            {plan ? (
              <details>
                <summary className="small">the plan (as gemsweep run --dry-run prints it)</summary>
                <pre className="plan" data-testid="preview-plan">
                  {plan}
                </pre>
              </details>
            ) : null}
          </>
        ) : preview && !preview.ok ? (
          <ul className="issues" data-testid="spec-errors">
            {(preview.errors ?? []).map((e, i) => (
              <li key={i}>
                {e.path ? <code>{e.path}</code> : null} {e.message}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Checking the spec…</p>
        )}
        <button className="primary" data-testid="launch" disabled={!summary || launching || checking} onClick={() => void launch()}>
          {launching ? "Launching…" : summary ? `Launch ${summary.trials} trials` : "Launch"}
        </button>
        {launchError ? <p className="error">{launchError}</p> : null}
      </aside>
    </div>
  );
}
