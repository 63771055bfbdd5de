"use client";

import { useEffect, useRef, useState } from "react";
import type { SweepSummary } from "@/lib/api-types";

export type LiveState = "connecting" | "live" | "done" | "offline";

/**
 * Subscribes to the sweep's server-sent events. `onSummary` gets fresh status counts,
 * `onChange` fires (coalesced) when trials or epochs were recorded: the page refetches then.
 */
export function useSweepEvents(sweepId: string, onSummary: (summary: SweepSummary) => void, onChange: () => void): LiveState {
  const [state, setState] = useState<LiveState>("connecting");
  const handlers = useRef({ onSummary, onChange });
  handlers.current = { onSummary, onChange };

  useEffect(() => {
    const source = new EventSource(`/api/sweeps/${sweepId}/events`);
    let pending: ReturnType<typeof setTimeout> | null = null;
    const changed = () => {
      if (!pending) {
        pending = setTimeout(() => {
          pending = null;
          handlers.current.onChange();
        }, 750);
      }
    };
    source.onopen = () => setState("live");
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "offline" : "connecting");
    source.addEventListener("summary", (event) => {
      handlers.current.onSummary(JSON.parse((event as MessageEvent<string>).data) as SweepSummary);
      changed();
    });
    source.addEventListener("epoch", changed);
    source.addEventListener("trial", changed);
    source.addEventListener("done", () => {
      setState("done");
      handlers.current.onChange();
      source.close();
    });
    return () => {
      if (pending) clearTimeout(pending);
      source.close();
    };
  }, [sweepId]);

  return state;
}
