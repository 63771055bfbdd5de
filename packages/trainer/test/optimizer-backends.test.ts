// Whole optimizer steps on wasm (the SIMD Adam kernel, the JS loops) against the same steps on cpu.
import { loadBackend } from "@gemsweep/kernels";
import { afterAll, describe, expect, it } from "vitest";
import type { OptimizerConfig } from "../src/index.js";
import { optimizerSteps } from "./helpers/optimizer-steps.js";

describe("optimizer steps on wasm", () => {
  afterAll(() => loadBackend("wasm"));
  const configs: OptimizerConfig[] = [
    { name: "adamw", lr: 1e-2, weightDecay: 0.1 },
    { name: "adam", lr: 1e-2, weightDecay: 0.1 },
    { name: "momentum", lr: 1e-2, weightDecay: 0.1 },
  ];
  for (const config of configs) {
    it(`${config.name}: five steps follow the same steps on the cpu backend`, async () => {
      const cpu = await optimizerSteps("cpu", config);
      const wasm = await optimizerSteps("wasm", config);
      wasm.norms.forEach((norm, i) => expect(norm).toBeCloseTo(cpu.norms[i]!, 3));
      wasm.weights.forEach((w, i) => {
        const expected = cpu.weights[i]!;
        const floor = 1e-6 * expected.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
        const bad = [...w].findIndex((a, j) => Math.abs(a - expected[j]!) > 1e-4 * Math.abs(expected[j]!) + floor);
        expect(bad, bad < 0 ? "" : `parameter ${i}, element ${bad}: ${w[bad]} vs ${expected[bad]}`).toBe(-1);
      });
    });
  }
});
