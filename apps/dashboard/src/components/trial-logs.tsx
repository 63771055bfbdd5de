"use client";
// Why: the trial page's log panel: every attempt's lines, followed every 2 s while the trial is open (waiting, queued or running).

import { OPEN_TRIAL_STATUSES, type TrialStatus } from "@gemsweep/contracts";
import { useEffect, useRef, useState } from "react";
import { getJson } from "@/lib/api-client";
import type { TrialLogLineJson, TrialLogsJson } from "@/lib/research-types";

const FOLLOW_MS = 2000;

/** Still to run or running (WAITING: a stage-2 trial before stage 1 chose its setting). */
const isOpen = (status: string | null | undefined): boolean =>
  OPEN_TRIAL_STATUSES.includes(status as TrialStatus);
const LEVELS: Record<number, string> = {
  10: "trace",
  20: "debug",
  30: "info",
  40: "warn",
  50: "error",
  60: "fatal",
};

function LogLine({ line }: { line: TrialLogLineJson }) {
  const level = LEVELS[line.level] ?? String(line.level);
  const stack = (line.data?.["err"] as { stack?: string } | undefined)?.stack;
  return (
    <li className={`log-line log-${level}`} data-level={level}>
      <span className="log-time">{line.time.slice(11, 23)}</span>{" "}
      <span className="log-level">{level.toUpperCase()}</span>{" "}
      <span className="log-attempt">#{line.attempt}</span> {line.msg}
      {stack ? <pre className="log-stack">{stack}</pre> : null}
    </li>
  );
}

/** A trial's log lines, oldest first; new lines are appended as the worker stores them (every second). */
export function TrialLogs({ trialId }: { trialId: string }) {
  const [lines, setLines] = useState<TrialLogLineJson[]>([]);
  const [state, setState] = useState<{
    status: string;
    dropped: TrialLogsJson["dropped"];
    error: string | null;
  }>({ status: "", dropped: [], error: null });
  const after = useRef<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    after.current = null;
    setLines([]);
    const read = async (): Promise<void> => {
      try {
        for (;;) {
          const query = after.current ? `?after=${after.current}` : "";
          const page = await getJson<TrialLogsJson>(`/api/trials/${trialId}/logs${query}`);
          if (stopped) return;
          after.current = page.next;
          if (page.lines.length > 0) setLines((previous) => [...previous, ...page.lines]);
          setState({ status: page.status, dropped: page.dropped, error: null });
          if (page.lines.length < 1000) {
            if (isOpen(page.status))
              timer = setTimeout(() => void read(), FOLLOW_MS);
            return;
          }
        }
      } catch (error) {
        if (stopped) return;
        setState((s) => ({ ...s, error: error instanceof Error ? error.message : String(error) }));
        timer = setTimeout(() => void read(), FOLLOW_MS);
      }
    };
    void read();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [trialId]);

  const following = isOpen(state.status);
  return (
    <div data-testid="trial-logs">
      <p className="small muted">
        {following
          ? "following: new lines appear as the worker writes them"
          : `${lines.length} lines`}
        {state.dropped
          .map((d) => ` · attempt ${d.attempt}: its first ${d.lines} lines are no longer kept`)
          .join("")}
        {" · "}
        <code>
          gemsweep logs {trialId.slice(0, 8)}
          {following ? " --follow" : ""}
        </code>
      </p>
      {state.error ? <p className="error small">{state.error}</p> : null}
      {lines.length === 0 ? (
        <p className="muted">
          {following
            ? "No lines yet."
            : "No log lines (the trial ran before logs were kept, or never started)."}
        </p>
      ) : (
        <ol className="log-lines">
          {lines.map((line) => (
            <LogLine key={line.id} line={line} />
          ))}
        </ol>
      )}
    </div>
  );
}
