import { BENCHMARK_NAMES, GemSweepError, hyperSchema, parseTrialJob } from "@gemsweep/contracts";
import { describe, expect, it } from "vitest";
import { BENCHMARKS, expandConfigs, mergeHyper, parseSpec } from "../src/index.js";

// The recipes (defaults with sources) and the schedule / optimizer / validation hyperparameters
// a spec can set: each one settable, each wrong one an error naming its path.

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseSpec(input);
  } catch (err) {
    expect(err).toBeInstanceOf(GemSweepError);
    return (err as GemSweepError).issues;
  }
  throw new Error("expected parseSpec to throw");
}

const spec = (benchmark: string, overrides: Record<string, unknown>) => ({ name: "r", benchmark, activations: ["relu", "gelu"], overrides });

describe("benchmark recipes", () => {
  it("every recipe is a valid, consistent set of hyperparameters, and every default names its source", () => {
    // sleep and synthetic train nothing: their defaults are not a recipe
    const trains = (name: string) => name !== "sleep" && name !== "synthetic";
    for (const name of BENCHMARK_NAMES) {
      const info = BENCHMARKS[name];
      expect(hyperSchema.safeParse(info.defaults).success, name).toBe(true);
      for (const key of Object.keys(info.defaults)) {
        if (!trains(name)) continue;
        expect(info.sources[key as keyof typeof info.sources], `${name}.${key}`).toMatch(/\w/);
      }
      for (const key of Object.keys(info.defaults)) if (trains(name)) expect(info.overrideKeys, `${name} accepts ${key}`).toContain(key);
    }
  });

  it("ResNet follows He et al. 2016: SGD 0.9, lr 0.1, wd 1e-4, batch 128, /10 at 50% and 75% of 182 epochs, 45k/5k split", () => {
    expect(BENCHMARKS["cifar10-resnet56"].defaults).toEqual({
      epochs: 182,
      batchSize: 128,
      lr: 0.1,
      optimizer: "momentum",
      momentum: 0.9,
      weightDecay: 1e-4,
      schedule: "multistep",
      milestones: [91, 136.5],
      gamma: 0.1,
      valFraction: 0.1,
    });
    // 45,000 training images at batch 128: 352 steps an epoch; 64k iterations are 182 epochs.
    expect(Math.ceil(45_000 / 128) * 182).toBeGreaterThanOrEqual(64_000);
    expect(Math.round(91 * 352)).toBe(32_032);
    expect(Math.round(136.5 * 352)).toBe(48_048);
  });

  it("the transformer recipes warm up, decay, clip at 1.0 and set beta2 (GPT-2: 0.95 and cosine; BERT: linear, dropout 0.1)", () => {
    expect(BENCHMARKS["gpt2-124m"].defaults).toMatchObject({ optimizer: "adamw", lr: 6e-4, beta2: 0.95, gradClip: 1, schedule: "cosine", warmupSteps: 2000, minLr: 6e-5, weightDecay: 0.1 });
    expect(BENCHMARKS["bert-small"].defaults).toMatchObject({ optimizer: "adamw", lr: 1e-4, beta2: 0.999, gradClip: 1, schedule: "linear", warmupSteps: 10_000, dropout: 0.1, weightDecay: 0.01 });
    expect(BENCHMARKS["bert-small"].reportedSplit).toBe("validation");
  });

  it("a recipe's milestones keep their share of training when a spec changes only epochs", () => {
    expect(mergeHyper("cifar10-resnet20", { epochs: 10 }).milestones).toEqual([5, 7.5]);
    expect(mergeHyper("cifar10-resnet20", { epochs: 10, milestones: [4] }).milestones).toEqual([4]);
    expect(mergeHyper("cifar10-resnet20", {}).milestones).toEqual([91, 136.5]);
  });
});

describe("spec overrides: schedules, optimizer knobs, validation", () => {
  it("can set every new hyperparameter on a benchmark that takes it; the trials carry them", () => {
    const overrides = {
      epochs: 10,
      schedule: "multistep",
      warmupEpochs: 1,
      milestones: [4, 8],
      gamma: 0.2,
      minLr: 1e-5,
      gradClip: 2,
      beta1: 0.8,
      beta2: 0.95,
      adamEps: 1e-6,
      labelSmoothing: 0.1,
      dropout: 0.25,
      valFraction: 0.2,
    };
    const parsed = parseSpec(spec("fashion-mnist-cnn", overrides));
    expect(parsed.overrides).toEqual(overrides);
    expect(expandConfigs(parsed)[0]!.hyper).toMatchObject(overrides);
    const step = parseSpec(spec("gpt2-124m", { schedule: "step", stepEpochs: 0.5, warmupSteps: 100 }));
    expect(expandConfigs(step)[0]!.hyper).toMatchObject({ schedule: "step", stepEpochs: 0.5, warmupSteps: 100 });
    const noValidation = parseSpec(spec("mnist-mlp", { valFraction: 0 }));
    expect(expandConfigs(noValidation)[0]!.hyper.valFraction).toBe(0);
  });

  it.each([
    [{ epochs: 10, milestones: [5, 3] }, "overrides.milestones.1", /ascending/],
    [{ epochs: 10, milestones: [5, 10] }, "overrides.milestones.1", /below epochs \(10\)/],
    [{ milestones: [] }, "overrides.milestones", /./],
    [{ milestones: [-1] }, "overrides.milestones.0", /./],
    [{ epochs: 4, warmupEpochs: 4 }, "overrides.warmupEpochs", /below epochs/],
    [{ lr: 0.01, minLr: 0.01 }, "overrides.minLr", /below lr/],
    [{ schedule: "exponential" }, "overrides.schedule", /./],
    [{ epochs: 10, schedule: "step" }, "overrides.stepEpochs", /required when schedule is step/],
    [{ epochs: 10, schedule: "step", stepEpochs: 10 }, "overrides.stepEpochs", /never decay/],
    [{ schedule: "multistep" }, "overrides.milestones", /required when schedule is multistep/],
    [{ epochs: 10, warmupEpochs: 1, warmupSteps: 5 }, "overrides.warmupSteps", /not both/],
    [{ gamma: 0 }, "overrides.gamma", /./],
    [{ gamma: 1.5 }, "overrides.gamma", /./],
    [{ beta1: 1 }, "overrides.beta1", /./],
    [{ beta2: -0.1 }, "overrides.beta2", /./],
    [{ adamEps: 0 }, "overrides.adamEps", /./],
    [{ gradClip: 0 }, "overrides.gradClip", /./],
    [{ labelSmoothing: 1 }, "overrides.labelSmoothing", /./],
    [{ dropout: 1 }, "overrides.dropout", /./],
    [{ valFraction: 0.9 }, "overrides.valFraction", /./],
    [{ warmupSteps: 1.5 }, "overrides.warmupSteps", /./],
  ])("%j on fashion-mnist-cnn is refused at %s", (overrides, path, message) => {
    const issues = issuesOf(spec("fashion-mnist-cnn", overrides));
    const hit = issues.find((i) => i.path === path);
    expect(hit, JSON.stringify(issues)).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it("a rule broken against a recipe default is reported at the override that broke it", () => {
    // gpt2-124m's recipe decays to minLr 6e-5: an lr below it is the override's fault.
    const lr = issuesOf(spec("gpt2-124m", { lr: 1e-5 }));
    expect(lr).toEqual([{ path: "overrides.lr", message: expect.stringMatching(/minLr \(0\.00006\) must be below lr \(0\.00001\).*gpt2-124m's recipe default/) }]);
    // its recipe warms up by steps: warming up by epochs as well is a conflict named at warmupEpochs.
    expect(issuesOf(spec("gpt2-124m", { warmupEpochs: 0.5 })).map((i) => i.path)).toEqual(["overrides.warmupEpochs"]);
    expect(parseSpec(spec("gpt2-124m", { warmupEpochs: 0.5, warmupSteps: 0 })).overrides.warmupEpochs).toBe(0.5);
  });

  it("a benchmark refuses the knobs it has no use for (dropout on an MLP, valFraction on a corpus with a valid split)", () => {
    expect(issuesOf(spec("fashion-mnist-mlp", { dropout: 0.1 }))[0]).toMatchObject({ path: "overrides.dropout", message: expect.stringMatching(/not a hyperparameter of fashion-mnist-mlp/) });
    expect(issuesOf(spec("gpt2-124m", { valFraction: 0.1 }))[0]).toMatchObject({ path: "overrides.valFraction" });
  });

  it("a queued job's hyperparameters obey the same rules (the worker re-parses them)", () => {
    const job = {
      trialId: "t",
      sweepId: "s",
      benchmark: "cifar10-resnet20",
      activation: { name: "relu" },
      hyper: { ...BENCHMARKS["cifar10-resnet20"].defaults, epochs: 100, milestones: [50, 120] },
      seed: 0,
      configKey: "k",
    };
    expect(() => parseTrialJob(job)).toThrow(/hyper\.milestones\.1: milestone 120 must be below epochs \(100\)/);
    expect(parseTrialJob({ ...job, hyper: { ...job.hyper, milestones: [50, 75] } }).hyper.milestones).toEqual([50, 75]);
  });
});

describe("GPU defaults (device: gpu)", () => {
  it("a gpu sweep trains the small benchmarks at their GPU batch, every trial alike; a spec's batchSize wins; cited recipes keep theirs", () => {
    const gpu = parseSpec({ ...spec("fashion-mnist-mlp", {}), benchmark: ["fashion-mnist-mlp", "fashion-mnist-cnn", "cifar10-resnet20"], device: "gpu" });
    const batch = (configs: ReturnType<typeof expandConfigs>, b: string) => [...new Set(configs.filter((c) => c.benchmark === b).map((c) => c.hyper.batchSize))];
    const configs = expandConfigs(gpu);
    expect(batch(configs, "fashion-mnist-mlp")).toEqual([1024]);
    expect(batch(configs, "fashion-mnist-cnn")).toEqual([512]);
    expect(batch(configs, "cifar10-resnet20")).toEqual([128]); // He et al.'s batch is part of the recipe
    expect(batch(expandConfigs(parseSpec({ ...spec("fashion-mnist-mlp", { batchSize: 256 }), device: "gpu" })), "fashion-mnist-mlp")).toEqual([256]);
    expect(batch(expandConfigs(parseSpec(spec("fashion-mnist-mlp", {}))), "fashion-mnist-mlp")).toEqual([128]); // no device: the CPU default
    expect(mergeHyper("lm-tiny", {}, "gpu").batchSize).toBe(128);
  });

  it("every GPU default is a hyperparameter the benchmark takes, with a source; device is cpu or gpu", () => {
    for (const name of BENCHMARK_NAMES) {
      const gpu = BENCHMARKS[name].gpu;
      if (!gpu) continue;
      expect(gpu.source, name).toMatch(/\w/);
      for (const key of Object.keys(gpu.defaults)) expect(BENCHMARKS[name].overrideKeys, `${name} takes ${key}`).toContain(key);
      expect(hyperSchema.safeParse(mergeHyper(name, {}, "gpu")).success, name).toBe(true);
    }
    expect(issuesOf({ ...spec("fashion-mnist-mlp", {}), device: "tpu" })[0]!.path).toBe("device");
  });
});
