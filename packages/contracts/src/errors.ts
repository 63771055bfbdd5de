// The root error of GemSweep. Every layer (API, CLI, worker) maps a GemSweepError to its
// transport through ERROR_HTTP_STATUS / ERROR_EXIT_CODE, so a code decides the status once.

export const ErrorCode = {
  INVALID_SPEC: "INVALID_SPEC",
  INVALID_INPUT: "INVALID_INPUT",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  RATE_LIMITED: "RATE_LIMITED",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorIssue {
  /** Dotted path of the offending field (`activations.2.eps`); "" for the whole input. */
  path: string;
  message: string;
}

/** Transport mapping, one row per code: HTTP status and CLI exit code. */
export const ERROR_STATUS = {
  INVALID_SPEC: { http: 400, exit: 2 },
  INVALID_INPUT: { http: 400, exit: 2 },
  NOT_FOUND: { http: 404, exit: 1 },
  CONFLICT: { http: 409, exit: 1 },
  UNAUTHORIZED: { http: 401, exit: 1 },
  FORBIDDEN: { http: 403, exit: 1 },
  RATE_LIMITED: { http: 429, exit: 1 },
  SERVICE_UNAVAILABLE: { http: 503, exit: 1 },
  INTERNAL: { http: 500, exit: 1 },
} as const satisfies Record<ErrorCode, { http: number; exit: number }>;

export interface GemSweepErrorOptions {
  issues?: ErrorIssue[];
  cause?: unknown;
  /** RATE_LIMITED: seconds until the caller may try again (the API's Retry-After header) */
  retryAfterSeconds?: number;
}

export class GemSweepError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorIssue[];
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: GemSweepErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "GemSweepError";
    this.code = code;
    this.issues = options.issues ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get httpStatus(): number {
    return ERROR_STATUS[this.code].http;
  }

  get exitCode(): number {
    return ERROR_STATUS[this.code].exit;
  }
}

export function isGemSweepError(err: unknown): err is GemSweepError {
  return err instanceof GemSweepError;
}

/** Wraps anything thrown into a GemSweepError, keeping the original as `cause`. */
export function toGemSweepError(err: unknown): GemSweepError {
  if (err instanceof GemSweepError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new GemSweepError(ErrorCode.INTERNAL, message, { cause: err });
}

export function httpStatusOf(err: unknown): number {
  return err instanceof GemSweepError ? err.httpStatus : ERROR_STATUS.INTERNAL.http;
}

export function exitCodeOf(err: unknown): number {
  return err instanceof GemSweepError ? err.exitCode : ERROR_STATUS.INTERNAL.exit;
}

/** The API's error body: `{ errors: [{ path, message }] }`; internal details never leak. */
export function toErrorBody(err: unknown): { errors: ErrorIssue[] } {
  if (err instanceof GemSweepError) {
    if (err.issues.length > 0)
      return { errors: err.issues.map((i) => ({ path: i.path, message: i.message })) };
    const message = err.code === ErrorCode.INTERNAL ? "internal error" : err.message;
    return { errors: [{ path: "", message }] };
  }
  return { errors: [{ path: "", message: "internal error" }] };
}
