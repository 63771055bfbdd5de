// Why: the OpenAPI document declares each operation's security from the same route table the
// auth check reads, so the document and the server cannot disagree about who may call what.
import { ROUTE_ACCESS, type RouteKey } from "./route-access";

/** An operation's `security`: none, optional (metrics: GEMSWEEP_METRICS_AUTH), or a bearer token with its scope. */
export function securityOf(route: RouteKey): Record<string, string[]>[] {
  const access = ROUTE_ACCESS[route];
  if (access === "public") return [];
  if (access === "metrics") return [{}, { bearer: ["read"] }];
  return [{ bearer: [access] }];
}

/** What the operation's description says about its token. */
export function accessNote(route: RouteKey): string {
  const access = ROUTE_ACCESS[route];
  if (access === "public") return "No token, ever.";
  if (access === "metrics")
    return "A token with the read scope when the server sets GEMSWEEP_METRICS_AUTH=read; none by default.";
  const covered =
    access === "read" ? "read, write or admin" : access === "write" ? "write or admin" : "admin";
  return `With auth on, a token with the ${access} scope (${covered}).`;
}

/** The auth refusals an operation can answer: 401 and 429 once it needs a token, 403 when a valid token can be too small. */
export function authErrorCodes(route: RouteKey): (401 | 403 | 429)[] {
  const access = ROUTE_ACCESS[route];
  if (access === "public") return [];
  if (access === "read" || access === "metrics") return [401, 429];
  return [401, 403, 429];
}
