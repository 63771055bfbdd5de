import type { ApiCaller } from "./api-caller";
import { errorResponse } from "./error-response";
import { PayloadTooLargeError } from "./read-body";
import { authorizeRequest } from "./request-auth";
import type { RouteKey } from "./route-access";

export interface RouteContext<P extends Record<string, string> = Record<string, string>> {
  params: Promise<P>;
}

/**
 * Wraps a route handler: the request is authorized for its row of the route table first (the
 * handler gets the caller), and nothing thrown becomes Next's HTML 500: every failure is the
 * API's JSON error body with the status its error code maps to.
 */
export function apiHandler<P extends Record<string, string>>(
  route: RouteKey,
  fn: (request: Request, params: P, caller: ApiCaller) => Promise<Response>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    try {
      const caller = await authorizeRequest(request, route);
      return await fn(request, await context.params, caller);
    } catch (err) {
      if (err instanceof PayloadTooLargeError) {
        return Response.json({ errors: [{ path: "", message: err.message }] }, { status: 413 });
      }
      return errorResponse(err);
    }
  };
}
