import { type Optimizer as OptimizerName } from "@gemsweep/contracts";
import { loadBackend } from "@gemsweep/kernels";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { trainTrial, type TrialConfig } from "../src/index.js";
import { tempDataDir } from "./helpers/dataset-files.js";
import { optimizerSteps } from "./helpers/optimizer-steps.js";
import { webgpuAvailable } from "../../../tests/support/webgpu-backend.js";

// The trainer on webgpu, the backend of GPU workers: its optimizer runs on the device (WGSL kernels
// for Adam, AdamW and momentum, tfjs ops for the others; not the wasm/cpu loops), every value comes
// back asynchronously, and a trial must match the same trial on wasm. Runs wherever a WebGPU adapter exists (`npm test` provides lavapipe on the CPU).

const hasWebgpu = await webgpuAvailable();
await loadBackend("wasm");

describe.skipIf(!hasWebgpu)("training on webgpu", () => {
  afterAll(() => loadBackend("wasm"));

  for (const name of ["sgd", "momentum", "rmsprop", "adam", "adamw"] as OptimizerName[]) {
    it(`${name}: five steps on webgpu (${name === "adam" || name === "adamw" || name === "momentum" ? "its WGSL kernel" : "tfjs ops"}) equal the fused loop on cpu`, async () => {
      const config = { name, lr: 1e-2, weightDecay: 0.05, momentum: 0.8 };
      const gpu = await optimizerSteps("webgpu", config);
      const cpu = await optimizerSteps("cpu", config);
      gpu.norms.forEach((norm, i) => expect(norm).toBeCloseTo(cpu.norms[i]!, 4));
      gpu.weights.forEach((w, k) => {
        const worst = w.reduce((m, v, i) => Math.max(m, Math.abs(v - cpu.weights[k]![i]!)), 0);
        expect(worst, `parameter ${k}`).toBeLessThan(1e-5);
      });
    });
  }

  const trial = (backend: "webgpu" | "wasm", benchmark: TrialConfig["benchmark"], checkpointDir?: string): TrialConfig => ({
    benchmark,
    activation: { name: "e-gem", N: 2, eps: 0.1 },
    // the CNN on lavapipe (WebGPU emulated on 2 CPU cores) takes ~10 ms an image: fewer of them
    hyper: { epochs: 1, trainLimit: benchmark === "fashion-mnist-cnn" ? 512 : 2048, testLimit: benchmark === "fashion-mnist-cnn" ? 500 : 1000, batchSize: 64 },
    seed: 3,
    dataDir: tempDataDir(),
    download: false,
    backend,
    ...(checkpointDir ? { checkpointDir } : {}),
  });

  it("a fashion-mnist-mlp trial learns, checkpoints, and matches the same trial on wasm", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gemsweep-webgpu-"));
    try {
      const gpu = await trainTrial(trial("webgpu", "fashion-mnist-mlp", dir));
      const wasm = await trainTrial(trial("wasm", "fashion-mnist-mlp"));
      expect(gpu.status).toBe("completed");
      expect(gpu.backend).toBe("webgpu");
      expect(gpu.finalMetric).toBeGreaterThan(0.6); // 2048 real images, one epoch: far above chance (0.1)
      const [g, w] = [gpu.epochs[0]!, wasm.epochs[0]!];
      // Same seed, same data, same steps: only float rounding differs between the backends.
      expect(Math.abs(g.trainLoss - w.trainLoss) / w.trainLoss).toBeLessThan(1e-3);
      expect(Math.abs(g.metric - w.metric)).toBeLessThanOrEqual(0.005);
      expect(g.gradNorm).toBeCloseTo(w.gradNorm, 2);
      expect(g.health).toEqual(w.health);
      // The checkpoint was read back from the device: resuming finds the epoch done, trains nothing more.
      const resumed = await trainTrial({ ...trial("webgpu", "fashion-mnist-mlp", dir), resume: true });
      expect(resumed.resumedFromEpoch).toBe(1);
      expect(resumed.finalMetric).toBe(gpu.finalMetric);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("a fashion-mnist-cnn trial (tfjs' conv and max-pool gradients on the device) matches wasm", async () => {
    const gpu = await trainTrial(trial("webgpu", "fashion-mnist-cnn"));
    const wasm = await trainTrial(trial("wasm", "fashion-mnist-cnn"));
    expect(gpu.status).toBe("completed");
    const [g, w] = [gpu.epochs[0]!, wasm.epochs[0]!];
    expect(Math.abs(g.trainLoss - w.trainLoss) / w.trainLoss).toBeLessThan(1e-2);
    expect(Math.abs(g.metric - w.metric)).toBeLessThanOrEqual(0.02);
  }, 180_000);
});
