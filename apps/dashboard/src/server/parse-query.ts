import { ErrorCode, parseOrThrow } from "@gemsweep/contracts";
import type * as z from "zod";

/** Query parameters through a zod schema: a bad one is a 400 whose path names the parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, request: Request): z.output<S> {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string> = {};
  for (const [key, value] of params) raw[key] = value;
  return parseOrThrow(schema, raw, "query", ErrorCode.INVALID_INPUT);
}
