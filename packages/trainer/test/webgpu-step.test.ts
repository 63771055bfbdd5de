import * as tf from "@tensorflow/tfjs";
import { activation, countWebgpuActivity, loadBackend } from "@gemsweep/kernels";
import { afterAll, describe, expect, it } from "vitest";
import { getBenchmarkImpl, Optimizer, queueTrainingStep, resolveHyper, Rng, RngStream, trainTrial, type TrainableBenchmark, type TrialConfig } from "../src/index.js";
import { webgpuAvailable } from "../../../tests/support/webgpu-backend.js";

// Why: a GPU worker only keeps its GPU busy if a step never waits for the device more than once
// (the trainer reads [loss, norm] one step late) and runs the fused WGSL kernels (Adam, momentum,
// batch norm, the filter gradient, the running averages) with the same numbers as wasm. Checked
// on any WebGPU adapter (lavapipe in `npm test`): reads are counted, not timed.

const hasWebgpu = await webgpuAvailable();
await loadBackend("wasm");

const mlp = (backend: "webgpu" | "wasm", hyper: TrialConfig["hyper"] = {}): TrialConfig => ({
  benchmark: "fashion-mnist-mlp",
  activation: { name: "e-gem", N: 2, eps: 0.1 },
  hyper: { epochs: 1, trainLimit: 512, testLimit: 64, valFraction: 0, batchSize: 64, ...hyper },
  seed: 5,
  syntheticData: true,
  backend,
});
// ResNet-8 (one block a stage): batch norm, option-A shortcuts, SGD with momentum, weight decay
const resnet = (backend: "webgpu" | "wasm", hyper: TrialConfig["hyper"] = {}): TrialConfig => ({
  benchmark: "cifar10-resnet20",
  activation: { name: "relu" },
  hyper: { epochs: 1, trainLimit: 64, testLimit: 16, valFraction: 0, batchSize: 16, ...hyper },
  seed: 5,
  syntheticData: true,
  backend,
  model: { depth: 8 },
});

describe.skipIf(!hasWebgpu)("a training step on webgpu", () => {
  afterAll(() => loadBackend("wasm"));

  const cases: Array<[string, TrialConfig]> = [
    ["fashion-mnist-mlp, Adam (the WGSL update)", mlp("webgpu")],
    ["fashion-mnist-mlp, AdamW with gradient clipping (the language models' recipe)", mlp("webgpu", { optimizer: "adamw", weightDecay: 0.1, gradClip: 0.5 })],
    ["ResNet-8, SGD with momentum and batch norm", resnet("webgpu")],
  ];
  for (const [name, config] of cases) {
    it(`${name}: exactly one device read per step`, async () => {
      await loadBackend("webgpu");
      const counter = countWebgpuActivity();
      const perStep: number[] = [];
      let started = false;
      try {
        const result = await trainTrial(config, {
          // between two stop checks lies exactly one step (the next step's check comes after it)
          shouldStop: () => {
            const { reads } = counter.take();
            if (started) perStep.push(reads);
            started = true;
            return false;
          },
        });
        expect(result.status).toBe("completed");
      } finally {
        counter.stop();
      }
      expect(perStep.length).toBeGreaterThanOrEqual(3);
      expect(perStep).toEqual(perStep.map(() => 1));
    }, 180_000);
  }

  /** One step of `config`'s model, optimizer and batch on `backend`: [loss, norm], every parameter and state after it. */
  async function oneStep(config: TrialConfig, backend: "webgpu" | "wasm") {
    await loadBackend(backend);
    const impl = getBenchmarkImpl(config.benchmark) as TrainableBenchmark;
    const hyper = resolveHyper(config);
    const data = await impl.load(hyper, { synthetic: true }, config.model ?? {});
    const model = impl.build(data, new Rng(config.seed, RngStream.init), config.model ?? {});
    const optimizer = new Optimizer({ name: hyper.optimizer, lr: hyper.lr, ...(hyper.momentum !== undefined ? { momentum: hyper.momentum } : {}), ...(hyper.weightDecay !== undefined ? { weightDecay: hyper.weightDecay } : {}) });
    const act = activation(config.activation);
    const batch = data.trainBatch(new Uint32Array(hyper.batchSize).map((_, i) => i), new Rng(config.seed, RngStream.data));
    const context = { model, optimizer, act: (x: tf.Tensor) => act(x), smoothing: 0, ...(hyper.gradClip !== undefined ? { gradClip: hyper.gradClip } : {}) };
    const stats = queueTrainingStep(context, batch);
    const out = {
      stats: Float32Array.from(await stats.data()),
      tensors: await Promise.all([...model.params, ...model.state].map(async (p) => ({ name: p.name, values: Float32Array.from(await p.variable.data()) }))),
    };
    stats.dispose();
    tf.dispose([batch.input.x, batch.labels]);
    model.dispose();
    optimizer.dispose();
    return out;
  }

  // Adam's first step moves each weight by about lr g / |g|, so a weight whose gradient is near zero
  // turns float differences in the gradient into ~1e-5 of its own scale (up to 1.1e-4 measured since
  // wasm's products use a fused multiply-add, one rounding where the WGSL programs make two; a
  // missing or doubled update would be ~1e-2); momentum moves by lr g.
  for (const [name, config, tolerance] of [
    ["fashion-mnist-mlp, Adam", mlp("webgpu"), 2e-4],
    ["ResNet-8, momentum, batch norm", resnet("webgpu"), 2e-5],
  ] as const) {
    it(`${name}: one whole step (forward, backward, update, running averages) equals the same step on wasm`, async () => {
      const gpu = await oneStep(config, "webgpu");
      const wasm = await oneStep(config, "wasm");
      expect(Math.abs(gpu.stats[0]! - wasm.stats[0]!) / wasm.stats[0]!, "loss").toBeLessThan(1e-5);
      expect(Math.abs(gpu.stats[1]! - wasm.stats[1]!) / wasm.stats[1]!, "gradient norm").toBeLessThan(1e-4);
      gpu.tensors.forEach((t, k) => {
        const expected = wasm.tensors[k]!;
        expect(t.name).toBe(expected.name);
        const scale = expected.values.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-6);
        const worst = t.values.reduce((m, v, i) => Math.max(m, Math.abs(v - expected.values[i]!)), 0);
        expect(worst / scale, t.name).toBeLessThan(tolerance);
      });
    }, 180_000);
  }

  it("a diverging trial ends as diverged on webgpu, naming the same step as on wasm", async () => {
    const huge = { lr: 1e6, optimizer: "sgd" as const, epochs: 2 };
    const gpu = await trainTrial(mlp("webgpu", huge));
    const wasm = await trainTrial(mlp("wasm", huge));
    expect(gpu.status).toBe("diverged");
    expect(wasm.status).toBe("diverged");
    const where = (reason?: string) => reason?.match(/in epoch \d+ at step \d+/)?.[0];
    expect(where(gpu.reason)).toBeDefined();
    expect(where(gpu.reason)).toBe(where(wasm.reason));
  }, 180_000);
});
