import {
  ERROR_STATUS,
  ErrorCode,
  GemSweepError,
  exitCodeOf,
  httpStatusOf,
  toErrorBody,
  toGemSweepError,
} from "../src/index.js";
import { describe, it, expect } from "vitest";

describe("GemSweepError and the transport map", () => {
  it("maps invalid input to 400 / exit 2, not found to 404 / 1, unauthorized to 401, forbidden to 403, rate limited to 429, the rest to 500 / 1", () => {
    expect(new GemSweepError(ErrorCode.INVALID_SPEC, "x").httpStatus).toBe(400);
    expect(new GemSweepError(ErrorCode.INVALID_SPEC, "x").exitCode).toBe(2);
    expect(new GemSweepError(ErrorCode.INVALID_INPUT, "x").exitCode).toBe(2);
    expect(new GemSweepError(ErrorCode.NOT_FOUND, "x").httpStatus).toBe(404);
    expect(new GemSweepError(ErrorCode.NOT_FOUND, "x").exitCode).toBe(1);
    expect(new GemSweepError(ErrorCode.UNAUTHORIZED, "x").httpStatus).toBe(401);
    expect(new GemSweepError(ErrorCode.FORBIDDEN, "x").httpStatus).toBe(403);
    expect(new GemSweepError(ErrorCode.FORBIDDEN, "x").exitCode).toBe(1);
    expect(new GemSweepError(ErrorCode.RATE_LIMITED, "x").httpStatus).toBe(429);
    expect(
      new GemSweepError(ErrorCode.RATE_LIMITED, "x", { retryAfterSeconds: 7 }).retryAfterSeconds,
    ).toBe(7);
    expect(new GemSweepError(ErrorCode.INTERNAL, "x").httpStatus).toBe(500);
    expect(httpStatusOf(new Error("boom"))).toBe(500);
    expect(exitCodeOf("boom")).toBe(1);
    for (const code of Object.values(ErrorCode)) expect(ERROR_STATUS[code]).toBeDefined();
  });

  it("keeps the cause and wraps unknown errors as INTERNAL", () => {
    const cause = new TypeError("inner");
    const wrapped = toGemSweepError(cause);
    expect(wrapped.code).toBe("INTERNAL");
    expect(wrapped.cause).toBe(cause);
    expect(new GemSweepError("CONFLICT", "c", { cause }).cause).toBe(cause);
    const same = new GemSweepError("NOT_FOUND", "n");
    expect(toGemSweepError(same)).toBe(same);
  });

  it("renders the API error body, hiding internal messages", () => {
    expect(
      toErrorBody(
        new GemSweepError("INVALID_SPEC", "bad", {
          issues: [{ path: "activations.2.eps", message: "eps must be > 0" }],
        }),
      ),
    ).toEqual({
      errors: [{ path: "activations.2.eps", message: "eps must be > 0" }],
    });
    expect(toErrorBody(new GemSweepError("NOT_FOUND", "sweep 1 not found"))).toEqual({
      errors: [{ path: "", message: "sweep 1 not found" }],
    });
    expect(toErrorBody(new Error("password=hunter2"))).toEqual({
      errors: [{ path: "", message: "internal error" }],
    });
  });
});
