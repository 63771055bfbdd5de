"use client";
// Why: where a user enters their API token (kept in this browser only) and sees whose it is.

import { useEffect, useRef, useState } from "react";
import { getJson, storedToken, storeToken, TOKEN_CHANGED } from "@/lib/api-client";

interface Whoami {
  auth: "on" | "off";
  actor: string;
  scope: "read" | "write" | "admin" | null;
}

/** The header's "API token" control: the token field and what the server says about it. */
export function TokenField() {
  const [token, setToken] = useState("");
  const [who, setWho] = useState<string>("");
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const check = () => {
      setToken(storedToken());
      getJson<Whoami>("/api/auth/whoami")
        .then((w) => setWho(w.auth === "off" ? "auth off" : `${w.actor} · ${w.scope}`))
        .catch(() => setWho(storedToken() ? "refused" : "none"));
    };
    check();
    window.addEventListener(TOKEN_CHANGED, check);
    return () => window.removeEventListener(TOKEN_CHANGED, check);
  }, []);
  return (
    <details className="token" data-testid="token-field" ref={details}>
      <summary>
        API token{" "}
        <span className="token-who" data-testid="token-who">
          {who ? `(${who})` : ""}
        </span>
      </summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          storeToken(token.trim());
          if (details.current) details.current.open = false;
        }}
      >
        <label>
          Token (gsw_…), kept in this browser only
          <input
            type="password"
            value={token}
            autoComplete="off"
            data-testid="token-input"
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        <button type="submit" data-testid="token-save">
          Use
        </button>
        <button
          type="button"
          onClick={() => {
            setToken("");
            storeToken("");
          }}
        >
          Forget
        </button>
      </form>
    </details>
  );
}
