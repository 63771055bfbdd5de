// Why: the one table of who may call which API operation; route handlers name their row, the
// auth check reads it, and the OpenAPI document declares each operation's security from it.
import type { ApiScope } from "@gemsweep/contracts";

/**
 * `public`: no token ever. `metrics`: public or `read`, as GEMSWEEP_METRICS_AUTH says. A scope:
 * with auth on, a token whose scope covers it (read < write < admin).
 */
export type RouteAccess = "public" | "metrics" | ApiScope;

export const ROUTE_ACCESS = {
  "GET /api/health": "public",
  "GET /api/openapi.json": "public",
  "GET /api/metrics": "metrics",
  "GET /api/sweeps": "read",
  "POST /api/sweeps": "write",
  "POST /api/sweeps/preview": "read",
  "GET /api/sweeps/{id}": "read",
  "GET /api/sweeps/{id}/trials": "read",
  "GET /api/sweeps/{id}/table": "read",
  "GET /api/sweeps/{id}/tuning": "read",
  "GET /api/sweeps/{id}/curves": "read",
  "GET /api/sweeps/{id}/events": "read",
  "GET /api/sweeps/{id}/export": "read",
  "POST /api/sweeps/{id}/cancel": "write",
  "POST /api/sweeps/{id}/resume": "write",
  "GET /api/trials/{id}": "read",
  "GET /api/trials/{id}/logs": "read",
  "GET /api/compare": "read",
  "GET /api/workers": "read",
  "POST /api/workers/{id}/drain": "admin",
  "GET /api/auth/whoami": "read",
  "POST /api/auth/stream-cookie": "read",
  "GET /api/tokens": "admin",
  "POST /api/tokens": "admin",
  "POST /api/tokens/{id}/revoke": "admin",
  "GET /api/audit": "admin",
} as const satisfies Record<string, RouteAccess>;

/** An API operation: `METHOD /path` with `{id}` for a path parameter. */
export type RouteKey = keyof typeof ROUTE_ACCESS;

/** Operations that also accept the short-lived stream cookie (EventSource cannot send headers). */
export const STREAM_COOKIE_ROUTES: ReadonlySet<RouteKey> = new Set<RouteKey>([
  "GET /api/sweeps/{id}/events",
]);
