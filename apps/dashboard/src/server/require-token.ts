import { ErrorCode, GemSweepError } from "@gemsweep/contracts";
import { createHash, timingSafeEqual } from "node:crypto";

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * Mutations need `Authorization: Bearer $GEMSWEEP_API_TOKEN` when that variable is set.
 * Compared as fixed-length digests so the check takes the same time for any guess.
 */
export function requireToken(request: Request): void {
  const expected = process.env.GEMSWEEP_API_TOKEN;
  if (!expected) return;
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  const given = match?.[1] ?? "";
  if (!match || !timingSafeEqual(digest(given), digest(expected))) {
    throw new GemSweepError(ErrorCode.UNAUTHORIZED, "missing or invalid bearer token (Authorization: Bearer $GEMSWEEP_API_TOKEN)");
  }
}
