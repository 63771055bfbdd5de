import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { learningRateAt, lrScheduleOf, resolveHyper, trainTrial, type EpochMetrics, type TrialConfig } from "../src/index.js";
import { useWasm } from "./helpers/backend.js";
import { tempDataDir } from "./helpers/dataset-files.js";

// A run stopped mid-warmup or mid-decay and resumed from its last checkpoint must be the
// uninterrupted run: same weights (byte for byte), same metrics, same rate at every epoch.

// 640 training images, 64 held out for validation: 576 train at batch 64 = 9 steps an epoch.
const mlp = (checkpointDir: string): TrialConfig => ({
  benchmark: "fashion-mnist-mlp",
  activation: { name: "gem", N: 1 },
  hyper: {
    epochs: 5,
    trainLimit: 640,
    testLimit: 200,
    batchSize: 64,
    optimizer: "adamw",
    weightDecay: 0.01,
    lr: 3e-3,
    beta2: 0.95,
    schedule: "cosine",
    warmupEpochs: 2,
    minLr: 1e-4,
    gradClip: 0.5,
    labelSmoothing: 0.1,
  },
  seed: 3,
  checkpointDir,
  download: false,
});

const numbers = (epochs: EpochMetrics[]) =>
  epochs.map((e) => [e.epoch, e.lr, e.trainLoss, e.valLoss, e.valMetric, e.testLoss, e.testMetric, e.loss, e.metric, e.gradNorm, e.gradNormMax, e.steps]);
const weights = (dir: string) => readFileSync(join(dir, "checkpoint.bin"));

/** Runs `config` once stopping after `batches` batches, then resumed to the end. */
async function stoppedAndResumed(config: TrialConfig, batches: number) {
  let seen = 0;
  const stopped = await trainTrial({ ...config, resume: true }, { shouldStop: () => ++seen > batches });
  expect(stopped.status).toBe("stopped");
  const resumed = await trainTrial({ ...config, resume: true });
  expect(resumed.status).toBe("completed");
  expect(resumed.resumedFromEpoch).toBe(stopped.epochs.length);
  return { stopped, resumed };
}

describe("schedules survive a checkpoint and resume exactly", () => {
  beforeAll(useWasm);

  it("stopped mid-warmup (epoch 2 of a 2-epoch warmup) and mid-decay (epoch 4 of cosine): the uninterrupted run's weights and metrics", async () => {
    const straightDir = tempDataDir("sched-a-");
    const straight = await trainTrial(mlp(straightDir));
    expect(straight.status).toBe("completed");
    const hyper = resolveHyper(mlp(straightDir));
    const schedule = lrScheduleOf(hyper, 9);
    // each epoch reports the rate of its last update, from the schedule
    expect(straight.epochs.map((e) => e.lr)).toEqual([8, 17, 26, 35, 44].map((step) => learningRateAt(schedule, step)));
    expect(straight.epochs[0]!.lr).toBeLessThan(3e-3); // still warming up
    expect(straight.epochs[3]!.lr).toBeLessThan(straight.epochs[2]!.lr); // decaying

    const warmDir = tempDataDir("sched-b-");
    const warm = await stoppedAndResumed(mlp(warmDir), 9 + 4); // 4 batches into epoch 2: inside the warmup
    expect(warm.stopped.epochs).toHaveLength(1);
    expect(numbers(warm.resumed.epochs)).toEqual(numbers(straight.epochs));
    expect(weights(warmDir).equals(weights(straightDir))).toBe(true);

    const decayDir = tempDataDir("sched-c-");
    const decay = await stoppedAndResumed(mlp(decayDir), 3 * 9 + 5); // 5 batches into epoch 4: cosine decay
    expect(decay.stopped.epochs).toHaveLength(3);
    expect(numbers(decay.resumed.epochs)).toEqual(numbers(straight.epochs));
    expect(weights(decayDir).equals(weights(straightDir))).toBe(true);
    expect(decay.resumed.best).toEqual(straight.best);
  });

  it("dropout masks continue from the checkpoint too (lm-tiny, dropout 0.2, linear decay with warmup)", async () => {
    const dataDir = tempDataDir();
    const dir = join(dataDir, "wikitext-2");
    mkdirSync(dir, { recursive: true });
    const sentence = "The quick brown fox jumps over the lazy dog while the cat sleeps in the warm sun . ";
    writeFileSync(join(dir, "wiki.train.raw"), sentence.repeat(30));
    writeFileSync(join(dir, "wiki.valid.raw"), sentence.repeat(4));
    writeFileSync(join(dir, "wiki.test.raw"), sentence.repeat(4));
    const lm = (checkpointDir: string, dropout: number): TrialConfig => ({
      benchmark: "lm-tiny",
      activation: { name: "relu" },
      hyper: { epochs: 3, batchSize: 4, lr: 3e-3, dropout, schedule: "linear", warmupSteps: 4, gradClip: 1 },
      seed: 5,
      dataDir,
      download: false,
      checkpointDir,
      model: { layers: 1, dModel: 32, heads: 2, context: 16 },
    });
    const straightDir = tempDataDir("drop-a-");
    const straight = await trainTrial(lm(straightDir, 0.2));
    const steps = straight.epochs[0]!.steps;
    const resumedDir = tempDataDir("drop-b-");
    const { resumed } = await stoppedAndResumed(lm(resumedDir, 0.2), steps + 2);
    expect(numbers(resumed.epochs)).toEqual(numbers(straight.epochs));
    expect(weights(resumedDir).equals(weights(straightDir))).toBe(true);
    // dropout changed training (so the masks' stream was exercised), and never evaluation's determinism
    const noDropout = await trainTrial(lm(tempDataDir("drop-c-"), 0));
    expect(noDropout.epochs[0]!.trainLoss).not.toBe(straight.epochs[0]!.trainLoss);
    expect(straight.epochs.every((e) => e.valMetric !== null && Number.isFinite(e.valMetric))).toBe(true);
  });

  it("a checkpoint written before schedules and validation existed (version 1) is not resumed: the trial starts over", async () => {
    const dir = tempDataDir("sched-v1-");
    const config = { ...mlp(dir), hyper: { ...mlp(dir).hyper, epochs: 3 } };
    await trainTrial(config, { shouldStop: (() => { let n = 0; return () => ++n > 12; })() });
    const meta = JSON.parse(readFileSync(join(dir, "checkpoint.json"), "utf8")) as { version: number };
    writeFileSync(join(dir, "checkpoint.json"), JSON.stringify({ ...meta, version: 1 }));
    const again = await trainTrial({ ...config, resume: true });
    expect(again.resumedFromEpoch).toBe(0);
    expect(again.epochs).toHaveLength(3);
  });
});
