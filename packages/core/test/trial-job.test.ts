import { GemSweepError, TRIAL_QUEUE, parseTrialJob, trialJobSchema } from "@gemsweep/contracts";
import { describe, it, expect } from "vitest";
import { expandSpec, parseSpec } from "../src/index.js";

// A job built from core's expansion must pass the worker's re-parse, and a tampered one must not.
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
