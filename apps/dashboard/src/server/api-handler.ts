import { errorResponse } from "./error-response";
import { PayloadTooLargeError } from "./read-body";

export interface RouteContext<P extends Record<string, string> = Record<string, string>> {
  params: Promise<P>;
}

/**
 * Wraps a route handler so nothing it throws becomes Next's HTML 500: every failure is the
 * API's JSON error body with the status its error code maps to.
 */
export function apiHandler<P extends Record<string, string>>(
  fn: (request: Request, params: P) => Promise<Response>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    try {
      return await fn(request, await context.params);
    } catch (err) {
      if (err instanceof PayloadTooLargeError) {
        return Response.json({ errors: [{ path: "", message: err.message }] }, { status: 413 });
      }
      return errorResponse(err);
    }
  };
}
