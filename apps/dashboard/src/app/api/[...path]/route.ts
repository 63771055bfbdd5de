import { ErrorCode, GemSweepError } from "@gemsweep/contracts";
import { errorResponse } from "@/server/error-response";

export const dynamic = "force-dynamic";

// Unknown API paths answer in the API's JSON error shape, not with the HTML 404 page.
function notFound(request: Request): Response {
  return errorResponse(new GemSweepError(ErrorCode.NOT_FOUND, `no API route ${request.method} ${new URL(request.url).pathname}`));
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
