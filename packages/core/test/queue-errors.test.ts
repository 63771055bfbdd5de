import { describe, it, expect } from "vitest";
import {
  ERROR_STATUS,
  ErrorCode,
  GemSweepError,
  TRIAL_QUEUE,
  exitCodeOf,
  expandSpec,
  httpStatusOf,
  parseSpec,
  parseTrialJob,
  toErrorBody,
  toGemSweepError,
  trialJobSchema,
} from "../src/index.js";

describe("GemSweepError and the transport map", () => {
  it("maps invalid input to 400 / exit 2, not found to 404 / 1, unauthorized to 401, the rest to 500 / 1", () => {
    expect(new GemSweepError(ErrorCode.INVALID_SPEC, "x").httpStatus).toBe(400);
    expect(new GemSweepError(ErrorCode.INVALID_SPEC, "x").exitCode).toBe(2);
    expect(new GemSweepError(ErrorCode.INVALID_INPUT, "x").exitCode).toBe(2);
    expect(new GemSweepError(ErrorCode.NOT_FOUND, "x").httpStatus).toBe(404);
    expect(new GemSweepError(ErrorCode.NOT_FOUND, "x").exitCode).toBe(1);
    expect(new GemSweepError(ErrorCode.UNAUTHORIZED, "x").httpStatus).toBe(401);
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

describe("trial job payloads", () => {
  const trial = expandSpec(
    parseSpec({
      name: "q",
      benchmark: "fashion-mnist-mlp",
      seeds: 1,
      activations: ["gelu", { name: "se-gem", eps: 1e-4 }],
    }),
  )[1]!;
  const job = {
    trialId: "t-1",
    sweepId: "s-1",
    benchmark: trial.benchmark,
    activation: trial.activation,
    hyper: trial.hyper,
    seed: trial.seed,
    configKey: trial.configKey,
  };

  it("uses the shared queue name", () => {
    expect(TRIAL_QUEUE).toBe("gemsweep-trials");
  });

  it("round-trips a job built from an expanded trial through JSON", () => {
    expect(parseTrialJob(JSON.parse(JSON.stringify(job)))).toEqual(job);
    expect(trialJobSchema.safeParse(job).success).toBe(true);
  });

  it("rejects tampered payloads, naming the field", () => {
    const bad = (patch: object) => {
      try {
        parseTrialJob({ ...job, ...patch });
      } catch (err) {
        return (err as GemSweepError).issues.map((i) => i.path);
      }
      return [];
    };
    expect(bad({ seed: -1 })).toContain("seed");
    expect(bad({ activation: { name: "gem", eps: 1 } })).toContain("activation.eps");
    expect(bad({ hyper: { ...job.hyper, lr: "fast" } })).toContain("hyper.lr");
    expect(bad({ benchmark: "imagenet" })).toContain("benchmark");
    expect(bad({ extra: 1 })).toContain("extra");
  });
});
