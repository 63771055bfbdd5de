"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { getJson, TOKEN_CHANGED } from "@/lib/api-client";

export interface ApiResource<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export interface ResourceOptions {
  /** Refetch every this many ms. */
  refreshMs?: number;
  /** Refetch whenever this changes (a parent's "something changed" counter). */
  version?: number;
}

/**
 * A GET resource of the API: fetched when `url` or `version` changes, on `reload()`, when the
 * user enters another token, and every `refreshMs` when given. A slower answer never overwrites
 * a newer one.
 */
export function useApiResource<T>(url: string | null, options: ResourceOptions = {}): ApiResource<T> {
  const { refreshMs, version = 0 } = options;
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(url !== null);
  const [tick, setTick] = useState(0);
  const sequence = useRef(0);

  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    if (url === null) return;
    const mine = ++sequence.current;
    const controller = new AbortController();
    setLoading(true);
    getJson<T>(url, controller.signal)
      .then((value) => {
        if (mine !== sequence.current) return;
        setData(value);
        setError(null);
      })
      .catch((err: unknown) => {
        if (mine !== sequence.current || controller.signal.aborted) return;
        setError(err instanceof Error ? err.message : String(err));
      })
      .finally(() => {
        if (mine === sequence.current) setLoading(false);
      });
    return () => controller.abort();
  }, [url, tick, version]);

  useEffect(() => {
    window.addEventListener(TOKEN_CHANGED, reload);
    return () => window.removeEventListener(TOKEN_CHANGED, reload);
  }, [reload]);

  useEffect(() => {
    if (!refreshMs || url === null) return;
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, url, reload]);

  return { data, error, loading, reload };
}
