// Why: on a GPU an activation is only as fast as memory allows if its forward and its backward are
// each ONE program (a chain of tfjs ops would read and write every element once per op). Checked by
// counting the dispatches on any WebGPU adapter (lavapipe in `npm test`), with the values of those
// single programs against the cpu and wasm kernels and the float64 reference.
import * as tf from "@tensorflow/tfjs";
import type { Activation } from "@gemsweep/contracts";
import { describe, expect, it } from "vitest";
import { activation, countWebgpuActivity, loadBackend, reference } from "../src/index.js";
import { testBackends } from "./backends.js";
import { randoms } from "./random-values.js";
import { read } from "./read.js";

const hasWebgpu = (await testBackends()).includes("webgpu");

const SPECS: Activation[] = [
  { name: "gem", N: 1 },
  { name: "gem", N: 2 },
  { name: "e-gem", N: 1, eps: 0.1 },
  { name: "e-gem", N: 3, eps: 2 },
  { name: "se-gem", N: 1, eps: 1e-2, alpha: 0.1 },
  { name: "se-gem", N: 2, eps: 0.5, alpha: 0.01 },
];

/** f(x) and dy * f'(x) (tf.grad with a given dy) on `backend`. */
async function valuesOn(backend: "cpu" | "wasm" | "webgpu", spec: Activation, x: Float32Array, dy: Float32Array) {
  await loadBackend(backend);
  const f = activation(spec);
  const [xt, dyt] = [tf.tensor1d(x), tf.tensor1d(dy)];
  const y = await read(f(xt));
  const dx = await read(tf.grad(f)(xt, dyt));
  tf.dispose([xt, dyt]);
  return { y, dx };
}

const worstRelative = (got: Float32Array, want: ArrayLike<number>, atol: number): number =>
  got.reduce((m, v, i) => Math.max(m, Math.abs(v - want[i]!) / (Math.abs(want[i]!) + atol)), 0);

describe.skipIf(!hasWebgpu)("GEM, E-GEM and SE-GEM on webgpu: fused WGSL kernels", () => {
  for (const spec of SPECS) {
    it(`${JSON.stringify(spec)}: the forward is one program, the backward one more, and both agree with cpu, wasm and float64`, async () => {
      // 1001: not a multiple of the workgroup size; values across both signs and up to |x| = 8
      const x = randoms(1001, 11, 16);
      const dy = randoms(1001, 12);
      await loadBackend("webgpu");
      const f = activation(spec);
      const [xt, dyt] = [tf.tensor1d(x), tf.tensor1d(dy)];
      const counter = countWebgpuActivity();
      let forward, backward;
      try {
        const y = f(xt);
        forward = counter.take();
        const dx = tf.grad(f)(xt, dyt);
        backward = counter.take();
        tf.dispose([y, dx]);
      } finally {
        counter.stop();
        tf.dispose([xt, dyt]);
      }
      // Both kernels are ElementwiseWebGPUProgram (pipelines are labelled by program class).
      expect(forward.byProgram).toEqual({ ElementwiseWebGPUProgram: 1 });
      // tf.grad runs the forward again, then the backward kernel (dy * f'(x)): nothing else
      expect(backward.byProgram).toEqual({ ElementwiseWebGPUProgram: 2 });
      expect(forward.reads + backward.reads).toBe(0);

      const gpu = await valuesOn("webgpu", spec, x, dy);
      const expectedY = Array.from(x, (v) => reference.value(spec, v));
      const expectedDx = Array.from(x, (v, i) => dy[i]! * reference.derivative(spec, v));
      expect(worstRelative(gpu.y, expectedY, 1e-6), "forward vs float64").toBeLessThan(2e-6);
      expect(worstRelative(gpu.dx, expectedDx, 1e-6), "backward vs float64").toBeLessThan(4e-6);
      for (const other of ["cpu", "wasm"] as const) {
        const them = await valuesOn(other, spec, x, dy);
        expect(worstRelative(gpu.y, them.y, 1e-6), `forward vs ${other}`).toBeLessThan(2e-6);
        expect(worstRelative(gpu.dx, them.dx, 1e-6), `backward vs ${other}`).toBeLessThan(4e-6);
      }
      await loadBackend("cpu");
    });
  }
});
