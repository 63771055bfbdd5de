// The same kernel suite on every backend present: values and tf.grad gradients against the float64
// reference, property 6 of docs/kernels.md (float32 extremes), the composed-ops path, and cross-backend agreement.
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIVATIONS } from "../src/activation-registry.js";
import type { FusedImpl } from "../src/activation-definition.js";
import type { Activation, BackendName } from "@gemsweep/contracts";
import { activation, kernelActivationOf, loadBackend, reference } from "../src/index.js";
import { composedActivation } from "../src/kernels/composed-activation.js";
import { testBackends } from "./backends.js";
import { read, readAll } from "./read.js";

const backends = await testBackends();

const SPECS: Activation[] = [
  { name: "relu" },
  { name: "gelu" },
  { name: "gelu-tanh" },
  { name: "swish" },
  { name: "mish" },
  { name: "elu" },
  { name: "leaky-relu", alpha: 0.1 },
  { name: "gem", N: 1 },
  { name: "gem", N: 3 },
  { name: "e-gem", N: 1, eps: 0.01 },
  { name: "e-gem", N: 2, eps: 1.5 },
  { name: "e-gem", N: 4, eps: 1e-4 },
  { name: "se-gem" },
  { name: "se-gem", N: 2, eps: 0.1, alpha: 0.2 },
];

// 1001 points in [-8, 8] plus odd spots; an odd count exercises the SIMD kernels' scalar tail.
const xs = Float32Array.from([
  ...Array.from({ length: 1001 }, (_, i) => -8 + (16 * i) / 1000),
  0, -0, 1e-3, -1e-3, 1e-6, -1e-6, 30, -30, 100, -100,
]);
const dys = Float32Array.from(xs, (_, i) => Math.sin(i) + 1.5);

/** |actual - expected| <= rtol |expected| + atol, elementwise, with the worst offender reported. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number, what: string): void {
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const excess = Math.abs(a - e) - (rtol * Math.abs(e) + atol);
    if (!(excess <= worstExcess) || Number.isNaN(a)) {
      worst = i;
      worstExcess = Number.isNaN(a) ? Infinity : excess;
    }
  }
  if (worst >= 0) {
    expect.fail(`${what}: at x=${xs[worst] ?? "?"} got ${actual[worst]}, expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`);
  }
}

type Tolerance = { rtol: number; atol: number; gradRtol: number; gradAtol: number };

/** The fused kernels built on exp (Mish's tanh and log1p too: lower-tanh-log1p.ts spells them out with exp, log and polynomials). */
const EXP_KERNELS = new Set(["gelu", "gelu-tanh", "swish", "mish"]);
/** Backends that evaluate the exp kernels in float32: wasm (simd-exp-log.ts, Cephes, ~1 ulp) and webgpu (WGSL's exp). */
const FLOAT32_EXP_BACKENDS = new Set<BackendName>(["wasm", "webgpu"]);

/**
 * Tolerances against the float64 reference: float32 rounding for our kernels; the erfc approximation
 * (1.2e-7 relative) for GELU; tfjs' own ELU gradient computes exp(x) as (y + 1), which cancels for x << 0.
 * For the exp kernels on wasm and webgpu: cpu runs them in float64 and rounds once, wasm and webgpu
 * run every step in float32 (WGSL's exp is bounded by 3 + 2|x| ulps; lavapipe measured 5e-8 |x|
 * relative, 3.9e-6 at x = -86). Measured forward tails up to 6e-6 relative (GELU at x = -7.9,
 * GELU-tanh at -7.1), so rtol 1e-5; gradients where f' crosses 0 up to 6.2e-8 absolute (float32
 * cancellation in GELU' = Phi(x) + x phi(x) at x = -0.752, Swish' at -1.28), so atol 1e-7.
 */
function tolerance(spec: Activation, backend: BackendName): Tolerance {
  const { rtol, atol } =
    spec.name === "gelu" ? { rtol: 1e-6, atol: 5e-8 }
    : spec.name === "elu" ? { rtol: 2e-5, atol: 1e-7 }
    : { rtol: 2e-6, atol: 1e-30 };
  if (FLOAT32_EXP_BACKENDS.has(backend) && EXP_KERNELS.has(spec.name)) return { rtol: 1e-5, atol, gradRtol: 2e-5, gradAtol: Math.max(4 * atol, 1e-7) };
  return { rtol, atol, gradRtol: 2 * rtol, gradAtol: 4 * atol };
}

/**
 * Backends agree with cpu to a few float32 ulps, except where their results are float32
 * evaluations (the exp kernels above, on wasm and webgpu) or tfjs' own webgpu ELU, exp(x) - 1
 * (7.3e-8 absolute at x = -1e-6, where cpu's float64 exp(x) - 1 is exact): there, the reference tolerance.
 */
function agreement(spec: Activation, backend: BackendName): Tolerance {
  if ((FLOAT32_EXP_BACKENDS.has(backend) && EXP_KERNELS.has(spec.name)) || (backend === "webgpu" && spec.name === "elu")) return tolerance(spec, backend);
  return { rtol: 4e-6, atol: 1e-30, gradRtol: 4e-6, gradAtol: 1e-30 };
}

/** y = f(x) and dx = tf.grad(f)(x, dy), through a function of tensors such as activation(spec). */
function evaluate(f: (x: tf.Tensor) => tf.Tensor, x: Float32Array, dy: Float32Array): Promise<{ y: Float32Array; dx: Float32Array }> {
  const tensors = tf.tidy(() => {
    const xt = tf.tensor1d(x);
    return { y: f(xt), dx: tf.grad(f)(xt, tf.tensor1d(dy)) };
  });
  return readAll(tensors);
}

const run = (spec: Activation, x: Float32Array, dy: Float32Array) => evaluate(activation(spec), x, dy);

const results = new Map<string, { y: Float32Array; dx: Float32Array }>();

describe.each(backends)("kernels on %s", (backend) => {
  beforeAll(async () => {
    await loadBackend(backend);
  });
  afterAll(async () => {
    await loadBackend("cpu");
  });

  for (const spec of SPECS) {
    const fused = ACTIVATIONS[spec.name].impl.kind === "fused";
    it(`${JSON.stringify(spec)}: forward and tf.grad match the float64 reference${fused ? " (registered kernel)" : ""}`, async () => {
      if (fused) {
        const impl = ACTIVATIONS[spec.name].impl as FusedImpl;
        expect(tf.getKernel(impl.kernelName, backend)).toBeDefined();
        expect(tf.getKernel(`${impl.kernelName}Grad`, backend)).toBeDefined();
      }
      const { y, dx } = await run(spec, xs, dys);
      const { rtol, atol, gradRtol, gradAtol } = tolerance(spec, backend);
      // Reference at the float32 inputs, so only the kernel's own error is measured.
      expectClose(y, Array.from(xs, (x) => reference.value(spec, x)), rtol, atol, "forward");
      const grads = Array.from(xs, (x, i) => reference.derivative(spec, x) * (dys[i] as number));
      expectClose(dx, grads, gradRtol, gradAtol, "gradient");
      results.set(`${backend}/${JSON.stringify(spec)}`, { y, dx });
    });
  }

  it("fused kernels equal the composed-ops path (tf.customGrad) on this backend", async () => {
    for (const spec of SPECS) {
      const impl = ACTIVATIONS[spec.name].impl;
      if (impl.kind !== "fused") continue;
      const attrs = impl.attrs(kernelActivationOf(spec));
      const composed = await evaluate(composedActivation(impl, attrs), xs, dys);
      const fusedOut = await run(spec, xs, dys);
      // The composed path evaluates the same formulas in float32 ops: a few ulps apart, plus float32
      // cancellation where a derivative crosses 0 (GELU', Mish') and wasm's log1p = log(1 + x).
      expectClose(fusedOut.y, composed.y, 1e-5, 1e-6, `${spec.name} forward`);
      expectClose(fusedOut.dx, composed.dx, 1e-5, 1e-6, `${spec.name} gradient`);
    }
  });

  it("property 6: no NaN or Inf for any finite float32 input, eps 1e-6..1e3, N 1..4", async () => {
    const extremes = [3e38, 3.4028234e38, 1e30, 1e10, 1, 1e-10, 1e-30, 1e-38, 1.4e-45, 0];
    const x = Float32Array.from([...extremes, ...extremes.map((v) => -v)]);
    const dy = new Float32Array(x.length).fill(1);
    for (const N of [1, 2, 3, 4])
      for (const eps of [1e-6, 1e-3, 1, 1e3])
        for (const spec of [{ name: "e-gem", N, eps }, { name: "se-gem", N, eps, alpha: 0.01 }] as Activation[]) {
          const { y, dx } = await run(spec, x, dy);
          for (let i = 0; i < x.length; i++) {
            const what = `${JSON.stringify(spec)} at x=${x[i]}`;
            expect(Number.isFinite(y[i]), what).toBe(true);
            expect(Number.isFinite(dx[i]), what).toBe(true);
            const xi = x[i] as number;
            const ref = reference.value(spec, xi);
            const dref = reference.derivative(spec, xi);
            // Values below float32's normal range may flush to 0; elsewhere a few ulps (the rounding
            // of x/eps is raised to the power 2N).
            expect(Math.abs((y[i] as number) - ref), what).toBeLessThanOrEqual(1e-6 * Math.abs(ref) + 1e-37);
            expect(Math.abs((dx[i] as number) - dref), what).toBeLessThanOrEqual(1e-6 * Math.abs(dref) + 1e-37);
          }
        }
  });

  it("handles empty, odd-sized and multi-dimensional tensors, and casts int32 input", async () => {
    const f = activation({ name: "e-gem", N: 1, eps: 0.5 });
    tf.tidy(() => {
      expect(f(tf.zeros([0])).shape).toEqual([0]);
      const m = f(tf.tensor3d([1, -2, 3, -4, 5, 6], [1, 2, 3]));
      expect(m.shape).toEqual([1, 2, 3]);
    });
    for (const n of [1, 3, 5, 17]) {
      const x = Float32Array.from({ length: n }, (_, i) => i - 2.5);
      const y = await read(tf.tidy(() => f(tf.tensor1d(x))));
      expectClose(y, Array.from(x, (v) => reference.egem(v, 1, 0.5)), 2e-6, 1e-30, `size ${n}`);
    }
    const yi = tf.tidy(() => f(tf.tensor1d([2, -2], "int32")));
    expect(yi.dtype).toBe("float32");
    expectClose(await read(yi), [reference.egem(2, 1, 0.5), 0], 2e-6, 0, "int32");
  });

  it("trains: a gradient step through a dense layer + E-GEM lowers the loss", async () => {
    const f = activation({ name: "e-gem", N: 1, eps: 0.1 });
    const w = tf.variable(tf.randomNormal([8, 1], 0, 0.5, "float32", 3));
    const x = tf.randomNormal([64, 8], 0, 1, "float32", 4);
    const target = tf.relu(x.sum(1, true));
    const loss = (): tf.Scalar => tf.losses.meanSquaredError(target, f(x.matMul(w))) as tf.Scalar;
    const [before] = await read(tf.tidy(loss));
    const opt = tf.train.sgd(0.05);
    for (let i = 0; i < 20; i++) opt.minimize(loss);
    const [after] = await read(tf.tidy(loss));
    expect(after).toBeLessThan((before as number) * 0.8);
    tf.dispose([w, x, target]);
    opt.dispose();
  });
});

describe("backends agree with each other", () => {
  it.each(SPECS.map((s) => [JSON.stringify(s), s] as const))("%s", (key, spec) => {
    const base = results.get(`cpu/${key}`);
    expect(base).toBeDefined();
    for (const backend of backends) {
      const other = results.get(`${backend}/${key}`);
      expect(other, backend).toBeDefined();
      const { rtol, atol, gradRtol, gradAtol } = agreement(spec, backend);
      expectClose(other!.y, base!.y, rtol, atol, `${backend} vs cpu forward`);
      expectClose(other!.dx, base!.dx, gradRtol, gradAtol, `${backend} vs cpu gradient`);
    }
  });
});
