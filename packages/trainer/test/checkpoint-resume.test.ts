import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { trainTrial, type TrialConfig } from "../src/index.js";
import { useWasm } from "./helpers/backend.js";
import { tempDataDir } from "./helpers/dataset-files.js";

const config = (checkpointDir: string, epochs: number, resume = false): TrialConfig => ({
  benchmark: "fashion-mnist-mlp",
  activation: { name: "e-gem", N: 1, eps: 0.1 },
  hyper: { epochs, trainLimit: 1536, testLimit: 500, batchSize: 128 },
  seed: 11,
  checkpointDir,
  resume,
  download: false,
});

const weights = (dir: string) => readFileSync(join(dir, "checkpoint.bin"));

describe("checkpoint and resume", () => {
  beforeAll(useWasm);

  it("resuming after epoch 1 gives exactly the uninterrupted run's weights, optimizer state and metrics", async () => {
    const straight = tempDataDir("ck-a-");
    const full = await trainTrial(config(straight, 3));

    const split = tempDataDir("ck-b-");
    const first = await trainTrial(config(split, 1));
    expect(first.epochs).toHaveLength(1);
    const epochsSeen: number[] = [];
    const resumed = await trainTrial(config(split, 3, true), { onEpoch: (m) => void epochsSeen.push(m.epoch) });

    expect(resumed.resumedFromEpoch).toBe(1);
    expect(epochsSeen).toEqual([2, 3]);
    expect(resumed.status).toBe("completed");
    expect(resumed.finalMetric).toBe(full.finalMetric);
    expect(resumed.epochs.map((e) => [e.trainLoss, e.loss, e.metric])).toEqual(full.epochs.map((e) => [e.trainLoss, e.loss, e.metric]));
    expect(weights(split).equals(weights(straight))).toBe(true);
  });

  it("a stop request mid-epoch ends as `stopped`; resuming from the last checkpoint matches the uninterrupted run", async () => {
    const straight = tempDataDir("ck-c-");
    const full = await trainTrial(config(straight, 2));

    const dir = tempDataDir("ck-d-");
    let batches = 0;
    const stopped = await trainTrial(config(dir, 2), { shouldStop: () => ++batches > 16 });
    expect(stopped.status).toBe("stopped");
    expect(stopped.epochs).toHaveLength(1);
    // finalMetric is the reported (test) metric; `metric` is the selection (validation) one.
    expect(stopped.finalMetric).toBe(stopped.epochs[0]!.testMetric);

    const resumed = await trainTrial(config(dir, 2, true));
    expect(resumed.status).toBe("completed");
    expect(resumed.finalMetric).toBe(full.finalMetric);
    expect(weights(dir).equals(weights(straight))).toBe(true);
  });

  it("refuses a checkpoint of another trial", async () => {
    const dir = tempDataDir("ck-e-");
    await trainTrial(config(dir, 1));
    await expect(trainTrial({ ...config(dir, 2, true), seed: 12 })).rejects.toThrow(/another trial/);
  });
});
