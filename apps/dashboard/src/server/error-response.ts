import { GemSweepError, httpStatusOf, toErrorBody } from "@gemsweep/contracts";

/**
 * The one mapping from a thrown error to an HTTP response: a GemSweepError's code decides the
 * status (core's table), the body is always `{ errors: [{ path, message }] }`. Internal errors
 * are logged here and never leak their message.
 */
export function errorResponse(err: unknown): Response {
  const status = httpStatusOf(err);
  if (status >= 500 && !(err instanceof GemSweepError && err.code === "SERVICE_UNAVAILABLE")) {
    console.error("[gemsweep api]", err);
  }
  return Response.json(toErrorBody(err), { status });
}
