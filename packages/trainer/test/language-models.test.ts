import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BERT_SMALL, GPT2_124M, buildTransformer, Rng, trainTrial } from "../src/index.js";
import { useWasm } from "./helpers/backend.js";
import { tempDataDir } from "./helpers/dataset-files.js";

const sentence = "The quick brown fox jumps over the lazy dog while the cat sleeps in the warm sun . ";

function writeCorpus(root: string, name: string): void {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "wiki.train.raw"), sentence.repeat(60));
  writeFileSync(join(dir, "wiki.valid.raw"), sentence.repeat(5));
  writeFileSync(join(dir, "wiki.test.raw"), sentence.repeat(10));
}

describe("language models", () => {
  beforeAll(useWasm);

  it("lm-tiny (GPT-style decoder, GPT-2 BPE) learns a repetitive corpus: perplexity falls", async () => {
    const dataDir = tempDataDir();
    writeCorpus(dataDir, "wikitext-2");
    const result = await trainTrial({
      benchmark: "lm-tiny",
      activation: { name: "gem", N: 2 },
      hyper: { epochs: 3, batchSize: 4, lr: 3e-3 },
      seed: 0,
      dataDir,
      download: false,
      model: { context: 16 },
    });
    expect(result.status).toBe("completed");
    expect(result.metricName).toBe("perplexity");
    const ppl = result.epochs.map((e) => e.metric);
    expect(ppl.every(Number.isFinite)).toBe(true);
    expect(ppl[2]!).toBeLessThan(ppl[0]!);
    expect(result.epochs[0]!.health.map((h) => h.site)).toEqual(["h0/mlp", "h1/mlp"]);
  });

  it("bert-small (masked LM) trains a step on a tiny config", async () => {
    const dataDir = tempDataDir();
    writeCorpus(dataDir, "wikitext-103");
    const result = await trainTrial({
      benchmark: "bert-small",
      activation: { name: "e-gem", N: 1, eps: 10 },
      hyper: { epochs: 1, batchSize: 4, trainLimit: 8, testLimit: 4 },
      seed: 0,
      dataDir,
      download: false,
      model: { layers: 1, dModel: 32, heads: 2, context: 16 },
    });
    expect(result.status).toBe("completed");
    expect(result.metricName).toBe("loss");
    expect(Number.isFinite(result.finalMetric)).toBe(true);
  });

  it("defines the GPT-2 124M and BERT-small configurations", () => {
    const count = (cfg: typeof GPT2_124M) => {
      // Parameter count from the shapes alone, without allocating the model.
      const d = cfg.dModel;
      const perLayer = 4 * d + 3 * d * d + 3 * d + d * d + d + 2 * 4 * d * d + 4 * d + d;
      return cfg.vocabSize * d + cfg.context * d + cfg.layers * perLayer + 2 * d;
    };
    expect(Math.round(count(GPT2_124M) / 1e6)).toBe(124);
    expect([BERT_SMALL.layers, BERT_SMALL.dModel, BERT_SMALL.heads, BERT_SMALL.causal]).toEqual([4, 512, 8, false]);
    const tiny = buildTransformer({ ...GPT2_124M, layers: 1, dModel: 24, heads: 2, context: 8, vocabSize: 50 }, new Rng(0));
    expect(tiny.params.reduce((a, p) => a + p.variable.size, 0)).toBe(count({ ...GPT2_124M, layers: 1, dModel: 24, heads: 2, context: 8, vocabSize: 50 }));
    tiny.dispose();
  });
});
