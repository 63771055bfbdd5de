// Why: a handler's JSON body is checked at compile time against the zod schema the OpenAPI document declares for it.
import type * as z from "zod";

/** What JSON.stringify makes of a value: Dates become ISO strings. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

type Conforms<T, S extends z.ZodType> =
  Jsonified<T> extends z.output<S>
    ? unknown
    : { "the body does not match its response schema": z.output<S> };

/** `Response.json(body)`, where `body` (as JSON) must be a value of `schema`: the document cannot drift from the handler. */
export function schemaResponse<S extends z.ZodType, T>(
  _schema: S,
  body: T & Conforms<T, S>,
  init?: ResponseInit,
): Response {
  return Response.json(body, init);
}
