"use client";
// Why: when the API refuses a request for auth reasons, the page says so in one place, plainly.

import { useEffect, useState } from "react";
import { AUTH_REFUSED, TOKEN_CHANGED } from "@/lib/api-client";

/** A banner under the header with the last auth refusal (401, 403, 429); gone after a success or a new token. */
export function AuthNotice() {
  const [notice, setNotice] = useState<{ status: number; message: string } | null>(null);
  useEffect(() => {
    const onRefused = (event: Event) => {
      const detail = (event as CustomEvent<{ status: number; message: string }>).detail;
      setNotice((current) =>
        detail.status === 0 ? (current && current.status !== 403 ? null : current) : detail,
      );
    };
    const onToken = () => setNotice(null);
    window.addEventListener(AUTH_REFUSED, onRefused);
    window.addEventListener(TOKEN_CHANGED, onToken);
    return () => {
      window.removeEventListener(AUTH_REFUSED, onRefused);
      window.removeEventListener(TOKEN_CHANGED, onToken);
    };
  }, []);
  if (!notice) return null;
  return (
    <div className={`auth-notice auth-${notice.status}`} role="alert" data-testid="auth-notice">
      <strong>
        {notice.status === 401
          ? "API token needed"
          : notice.status === 403
            ? "Not allowed"
            : "Too many attempts"}
      </strong>{" "}
      {notice.message}
    </div>
  );
}
