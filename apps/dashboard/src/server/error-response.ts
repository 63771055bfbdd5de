import { ErrorCode, GemSweepError, httpStatusOf, toErrorBody } from "@gemsweep/contracts";

/**
 * The one mapping from a thrown error to an HTTP response: a GemSweepError's code decides the
 * status (core's table), the body is always `{ errors: [{ path, message }] }`. Internal errors
 * are logged here and never leak their message. 401 and 403 say `WWW-Authenticate: Bearer`
 * (RFC 6750); 429 says when to retry.
 */
export function errorResponse(err: unknown): Response {
  const status = httpStatusOf(err);
  if (status >= 500 && !(err instanceof GemSweepError && err.code === "SERVICE_UNAVAILABLE")) {
    console.error("[gemsweep api]", err);
  }
  const headers = new Headers();
  if (err instanceof GemSweepError) {
    if (err.code === ErrorCode.UNAUTHORIZED) headers.set("www-authenticate", 'Bearer realm="gemsweep"');
    if (err.code === ErrorCode.FORBIDDEN) headers.set("www-authenticate", 'Bearer realm="gemsweep", error="insufficient_scope"');
    if (err.retryAfterSeconds !== undefined) headers.set("retry-after", String(err.retryAfterSeconds));
  }
  return Response.json(toErrorBody(err), { status, headers });
}
