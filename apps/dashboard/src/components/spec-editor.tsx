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

/**
 * The new-sweep form: a YAML editor validated as you type by the server's own schema (POST
 * /api/sweeps/preview), showing the trial count and the table shape, and a launch button.
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
            {summary.gridTrials !== summary.trials ? <p className="muted small">{summary.gridTrials} trials in the full grid; the search samples {summary.trials}.</p> : null}
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
