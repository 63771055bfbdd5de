"use client";

import { useEffect, useState } from "react";
import { storedToken, storeToken } from "@/lib/api-client";

/** Where a user enters the API token, needed only when the server sets GEMSWEEP_API_TOKEN. */
export function TokenField() {
  const [token, setToken] = useState("");
  useEffect(() => setToken(storedToken()), []);
  return (
    <details className="token">
      <summary>API token{token ? " (set)" : ""}</summary>
      <label>
        Bearer token for launching, cancelling and draining (kept in this browser only)
        <input
          type="password"
          value={token}
          autoComplete="off"
          onChange={(e) => {
            setToken(e.target.value);
            storeToken(e.target.value);
          }}
        />
      </label>
    </details>
  );
}
