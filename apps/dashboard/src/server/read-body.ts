import { ErrorCode, GemSweepError } from "@gemsweep/contracts";
import { MAX_SPEC_BYTES, parseSpecText } from "@gemsweep/core";

/** Largest request body the API reads; larger ones get 413 before any parsing. */
export const MAX_BODY_BYTES = MAX_SPEC_BYTES;

export class PayloadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body is larger than the limit of ${limit} bytes`);
  }
}

/** Reads the body as text, stopping (413) as soon as it passes the cap; never buffers more. */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw new PayloadTooLargeError(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * A sweep spec from the body: JSON when the content type says JSON (a syntax error is a 400
 * naming the position), YAML for yaml/text types, and otherwise whatever core's text parser
 * recognizes (JSON is a subset of YAML's flow syntax).
 */
export async function readSpecBody(request: Request): Promise<unknown> {
  const text = await readBodyText(request);
  const type = mediaType(request);
  if (type === "application/json" || type.endsWith("+json")) {
    if (text.trim() === "") throw invalidBody("request body is empty: send a sweep spec as JSON or YAML");
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw invalidBody(`request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return parseSpecText(text);
}

function invalidBody(message: string): GemSweepError {
  return new GemSweepError(ErrorCode.INVALID_SPEC, message, { issues: [{ path: "", message }] });
}
