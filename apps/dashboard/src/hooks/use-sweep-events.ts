"use client";

import { useEffect, useRef, useState } from "react";
import { postApi, storedToken, TOKEN_CHANGED } from "@/lib/api-client";
import type { SweepSummary } from "@/lib/api-types";

export type LiveState = "connecting" | "live" | "done" | "offline";

const RETRIES = 5;

/**
 * Subscribes to the sweep's server-sent events. `onSummary` gets fresh status counts,
 * `onChange` fires (coalesced) when trials or epochs were recorded: the page refetches then.
 * EventSource cannot send the token, so each connection first trades it for a single-use
 * stream cookie (POST /api/auth/stream-cookie); a closed stream reconnects with a fresh one.
 */
export function useSweepEvents(sweepId: string, onSummary: (summary: SweepSummary) => void, onChange: () => void): LiveState {
  const [state, setState] = useState<LiveState>("connecting");
  const [tokenVersion, setTokenVersion] = useState(0);
  const handlers = useRef({ onSummary, onChange });
  handlers.current = { onSummary, onChange };

  useEffect(() => {
    const bump = () => setTokenVersion((v) => v + 1);
    window.addEventListener(TOKEN_CHANGED, bump);
    return () => window.removeEventListener(TOKEN_CHANGED, bump);
  }, []);

  useEffect(() => {
    let source: EventSource | null = null;
    let pending: ReturnType<typeof setTimeout> | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    let failures = 0;
    const changed = () => {
      if (!pending) {
        pending = setTimeout(() => {
          pending = null;
          handlers.current.onChange();
        }, 750);
      }
    };
    const connect = async () => {
      setState("connecting");
      if (storedToken()) {
        try {
          await postApi("/api/auth/stream-cookie");
        } catch {
          if (!stopped) setState("offline"); // the refusal is shown by the page's auth notice
          return;
        }
      }
      if (stopped) return;
      const es = new EventSource(`/api/sweeps/${sweepId}/events`);
      source = es;
      es.onopen = () => {
        failures = 0;
        setState("live");
      };
      es.onerror = () => {
        if (es.readyState !== EventSource.CLOSED) return setState("connecting");
        es.close();
        if (stopped || ++failures > RETRIES) return setState("offline");
        setState("connecting");
        retryTimer = setTimeout(() => void connect(), 1000 * failures);
      };
      es.addEventListener("summary", (event) => {
        handlers.current.onSummary(JSON.parse((event as MessageEvent<string>).data) as SweepSummary);
        changed();
      });
      es.addEventListener("epoch", changed);
      es.addEventListener("trial", changed);
      es.addEventListener("done", () => {
        stopped = true;
        setState("done");
        handlers.current.onChange();
        es.close();
      });
    };
    void connect();
    return () => {
      stopped = true;
      if (pending) clearTimeout(pending);
      if (retryTimer) clearTimeout(retryTimer);
      source?.close();
    };
  }, [sweepId, tokenVersion]);

  return state;
}
