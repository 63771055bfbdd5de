// the reference's (docs/kernels.md) properties 1-5 and 7 on the float64 reference (property 6 is float32: kernels.test.ts).
import { describe, expect, it } from "vitest";
import { reference } from "../src/index.js";

const { theory } = reference;
type Variant = { name: string; f: (x: number) => number; df: (x: number) => number; alpha: number };

function variants(N: number, eps: number): Variant[] {
  return [
    { name: `E-GEM N=${N} eps=${eps}`, f: (x) => reference.egem(x, N, eps), df: (x) => reference.egemDerivative(x, N, eps), alpha: 0 },
    { name: `SE-GEM N=${N} eps=${eps}`, f: (x) => reference.segem(x, N, eps, 0.05), df: (x) => reference.segemDerivative(x, N, eps, 0.05), alpha: 0.05 },
  ];
}

const binom = (k: number, j: number): number => {
  let r = 1;
  for (let i = 1; i <= j; i++) r = (r * (k - j + i)) / i;
  return r;
};

/** One-sided k-th derivative estimate at 0: forward (side = 1) or backward (side = -1) differences. */
function oneSided(f: (x: number) => number, k: number, h: number, side: 1 | -1): number {
  let sum = 0;
  for (let j = 0; j <= k; j++) sum += (side === 1 ? (-1) ** (k - j) : (-1) ** j) * binom(k, j) * f(side * j * h);
  return sum / h ** k;
}

/** Golden-section search for the maximum of a unimodal f on [a, b]. */
function argmax(f: (x: number) => number, a: number, b: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  for (let i = 0; i < 200 && b - a > 1e-15 * Math.max(1, Math.abs(b)); i++) {
    if (f(c) > f(d)) b = d;
    else a = c;
    c = b - g * (b - a);
    d = a + g * (b - a);
  }
  return (a + b) / 2;
}

/** The grid point maximizing f, then golden section around it. */
function maximize(f: (x: number) => number, lo: number, hi: number): { x: number; value: number } {
  const n = 2000;
  let best = lo;
  for (let i = 0; i <= n; i++) {
    const x = lo + ((hi - lo) * i) / n;
    if (f(x) > f(best)) best = x;
  }
  const step = (hi - lo) / n;
  const x = argmax(f, Math.max(lo, best - step), Math.min(hi, best + step));
  return { x, value: f(x) };
}

describe("reference: the stable form is the reference's (docs/kernels.md) definition", () => {
  it("matches the literal x^{2N+1}/(x^{2N}+eps^{2N}) and its derivative where those are finite", () => {
    for (const N of [1, 2, 3, 4])
      for (const eps of [1e-3, 0.1, 1, 10])
        for (const alpha of [0, 0.01, 0.3])
          for (let x = -20 * eps; x <= 20 * eps; x += eps / 7) {
            const p = { N, eps, alpha };
            expect(reference.segem(x, N, eps, alpha)).toBeCloseTo(reference.definition(x, p), 12 - Math.log10(eps));
            const d = reference.segemDerivative(x, N, eps, alpha);
            expect(Math.abs(d - reference.definitionDerivative(x, p))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(d)));
          }
  });

  it("GEM is E-GEM with eps = 1, and E-GEM_eps(x) = eps GEM(x/eps)", () => {
    for (const N of [1, 2, 3])
      for (const eps of [1e-4, 0.3, 7])
        for (const x of [-3, -0.2, 0, 0.05, 0.9, 4, 1e3]) {
          expect(reference.gem(x, N)).toBe(reference.egem(x, N, 1));
          const y = reference.egem(x * eps, N, eps);
          expect(Math.abs(y - eps * reference.gem(x, N))).toBeLessThanOrEqual(1e-14 * Math.abs(y));
        }
  });
});

describe("property 1: exactly C^{2N} at 0", () => {
  for (const N of [1, 2, 3])
    for (const eps of [1, 0.5])
      for (const v of variants(N, eps)) {
        it(`${v.name}: derivatives 1..2N vanish from both sides, the (2N+1)-th jumps by (2N+1)!/eps^{2N}`, () => {
          const h = 0.02 * eps;
          const jump = theory.jumpAtZero({ N, eps, alpha: v.alpha });
          for (let k = 1; k <= 2 * N; k++) {
            for (const side of [1, -1] as const) {
              const coarse = oneSided(v.f, k, h, side);
              const fine = oneSided(v.f, k, h / 2, side);
              if (side === -1 && v.alpha === 0) {
                expect(coarse).toBe(0);
                continue;
              }
              // The estimate shrinks like h^{2N+1-k}: the one-sided k-th derivative is 0.
              expect(fine / coarse).toBeCloseTo(2 ** -(2 * N + 1 - k), 2);
              expect(Math.abs(fine)).toBeLessThan(jump * h ** (2 * N + 1 - k) * 10);
            }
          }
          const k = 2 * N + 1;
          // The estimate's error is O(h^{2N}) relative: a smaller step for the limit itself.
          const right = oneSided(v.f, k, h / 40, 1);
          const left = oneSided(v.f, k, h / 40, -1);
          expect(Math.abs(right / jump - 1)).toBeLessThan(1e-4);
          if (v.alpha === 0) expect(left).toBe(0);
          else expect(Math.abs(left / (v.alpha * jump) - 1)).toBeLessThan(1e-4);
          expect(Math.abs(right - left)).toBeGreaterThan(0.9 * jump * (1 - v.alpha));
        });
      }
});

describe("property 2: ReLU limit ||ReLU - E-GEM_eps||_p = eps^{1+1/p} C_{N,p}", () => {
  it("the Beta-function constant gives the reference's (docs/kernels.md) examples", () => {
    expect(theory.reluLimitConstant(1, 2)).toBeCloseTo(Math.sqrt(Math.PI / 4), 12);
    expect(theory.reluLimitConstant(2, 3)).toBeCloseTo(0.5, 12);
    expect(() => theory.reluLimitConstant(1, 1)).toThrow(/p\(2N-1\) > 1/);
  });

  /** The L_p norm by Simpson's rule on x = eps e^t, plus the analytic tail past 1e3 eps. */
  function lpDistance(N: number, eps: number, p: number): number {
    const diff = (x: number): number => Math.max(x, 0) - reference.egem(x, N, eps);
    const t0 = -40;
    const t1 = Math.log(1e3);
    const n = 20000;
    const h = (t1 - t0) / n;
    let sum = 0;
    for (let i = 0; i <= n; i++) {
      const x = eps * Math.exp(t0 + i * h);
      const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
      sum += w * diff(x) ** p * x;
    }
    const X = 1e3 * eps;
    // For x >> eps, ReLU - E-GEM ~ eps^{2N} x^{1-2N}.
    const tail = (eps ** (2 * N * p) * X ** (p * (1 - 2 * N) + 1)) / (p * (2 * N - 1) - 1);
    return ((sum * h) / 3 + tail) ** (1 / p);
  }

  for (const [N, p] of [[1, 2], [1, 3], [2, 1], [2, 2], [2, 3], [3, 1.5]] as const)
    for (const eps of [0.01, 1, 10])
      it(`N=${N}, p=${p}, eps=${eps}`, () => {
        const expected = eps ** (1 + 1 / p) * theory.reluLimitConstant(N, p);
        expect(Math.abs(lpDistance(N, eps, p) / expected - 1)).toBeLessThan(1e-6);
      });
});

describe("property 3: sup distance to ReLU", () => {
  it("matches the reference's (docs/kernels.md) numbers", () => {
    expect(theory.supDistance(1, 1)).toBeCloseTo(0.5, 12);
    expect(theory.supDistance(2, 1)).toBeCloseTo(0.569877, 6);
    expect(theory.supDistance(3, 1)).toBeCloseTo(0.63727, 5);
  });
  for (const N of [1, 2, 3, 4])
    for (const eps of [1e-4, 1, 10])
      it(`N=${N}, eps=${eps}: max_x (ReLU - E-GEM)(x) = eps (2N-1)^{1-1/(2N)} / (2N)`, () => {
        const { value } = maximize((x) => Math.max(x, 0) - reference.egem(x, N, eps), -eps, 10 * eps);
        expect(Math.abs(value / theory.supDistance(N, eps) - 1)).toBeLessThan(1e-9);
      });
});

describe("property 4: slope overshoot", () => {
  it("matches the reference's (docs/kernels.md) numbers", () => {
    expect(theory.slopeOvershoot(1, 1).max).toBe(1.125);
    expect(theory.slopeOvershoot(2, 1).max).toBe(1.5625);
    expect(theory.slopeOvershoot(3, 1).max).toBeCloseTo(2.041667, 6);
  });
  for (const N of [1, 2, 3, 4])
    for (const eps of [1e-3, 1, 10])
      it(`N=${N}, eps=${eps}: max E-GEM' = (2N+1)^2/(8N) at eps ((2N+1)/(2N-1))^{1/(2N)}, E-GEM' -> 1`, () => {
        const expected = theory.slopeOvershoot(N, eps);
        const found = maximize((x) => reference.egemDerivative(x, N, eps), 0, 5 * eps);
        expect(Math.abs(found.value / expected.max - 1)).toBeLessThan(1e-10);
        expect(Math.abs(found.x / expected.at - 1)).toBeLessThan(1e-5);
        expect(Math.abs(reference.egemDerivative(1e6 * eps, N, eps) - 1)).toBeLessThan(1e-10);
        expect(Math.abs(reference.egemDerivative(1e2 * eps, N, eps) - 1)).toBeLessThan(1e-3);
      });
});

describe("property 5: monotone", () => {
  for (const N of [1, 2, 3, 4])
    for (const eps of [1e-4, 1, 10])
      it(`N=${N}, eps=${eps}: E-GEM' >= 0 everywhere, SE-GEM' > 0 for x != 0, both increasing`, () => {
        let prevE = -Infinity;
        let prevSe = -Infinity;
        for (let i = -4000; i <= 4000; i++) {
          const x = (i / 400) * eps;
          expect(reference.egemDerivative(x, N, eps)).toBeGreaterThanOrEqual(0);
          if (i !== 0) expect(reference.segemDerivative(x, N, eps)).toBeGreaterThan(0);
          const e = reference.egem(x, N, eps);
          const se = reference.segem(x, N, eps);
          expect(e).toBeGreaterThanOrEqual(prevE);
          expect(se).toBeGreaterThan(prevSe);
          prevE = e;
          prevSe = se;
        }
        // SE-GEM ~ alpha x as x -> -inf: no dead neurons.
        expect(reference.segem(-1e6 * eps, N, eps, 0.01) / (-1e6 * eps)).toBeCloseTo(0.01, 8);
      });
});

describe("property 7: analytic derivative = central finite differences (float64, 1e-6 relative)", () => {
  const specs = [
    ...[1, 2, 3, 4].flatMap((N) => [1e-3, 0.1, 1, 10].flatMap((eps) => [
      { name: "e-gem", N, eps } as const,
      { name: "se-gem", N, eps, alpha: 0.01 } as const,
    ])),
    ...[1, 2].map((N) => ({ name: "gem", N }) as const),
    { name: "relu" } as const,
    { name: "gelu" } as const,
    { name: "gelu-tanh" } as const,
    { name: "swish" } as const,
    { name: "mish" } as const,
    { name: "elu" } as const,
    { name: "leaky-relu", alpha: 0.1 } as const,
  ];
  for (const spec of specs)
    it(JSON.stringify(spec), () => {
      const scale = "eps" in spec ? spec.eps : 1;
      for (let i = -300; i <= 300; i++) {
        const x = scale * Math.sign(i) * 10 ** (Math.abs(i) / 100 - 1.3); // |x| from 0.05 to 500 scales
        if (i === 0) continue;
        // GELU's left tail is Gaussian: f^(k) grows like x^k f, so the step shrinks with 1/x there.
        const gaussianTail = spec.name === "gelu" || spec.name === "gelu-tanh";
        const h = (1e-5 * Math.abs(x)) / (gaussianTail ? Math.max(1, x * x) : 1);
        const up = reference.value(spec, x + h);
        const down = reference.value(spec, x - h);
        const fd = (up - down) / (2 * h);
        const d = reference.derivative(spec, x);
        // 1e-6 relative, plus the rounding error of the difference itself (where f' << f/x, e.g.
        // ELU's and GELU's flat left tails, the quotient cannot resolve f' any better).
        const rounding = (4 * Number.EPSILON * Math.max(Math.abs(up), Math.abs(down))) / (2 * h);
        // (1e-290: below it float64 is subnormal and the quotient has no significant digits left.)
        expect(Math.abs(fd - d), `x=${x}`).toBeLessThanOrEqual(1e-6 * Math.abs(d) + rounding + 1e-290);
      }
    });
});
