import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { holmAdjust, mean, median, pairBySeed, pairedTTest, sampleStd, summarize, tHalfWidth, tTwoSidedP } from "../src/index.js";

// Reference values computed once with SciPy 1.17.1 (Debian python3-scipy):
//   x = np.array(xs); x.mean(); x.std(ddof=1); t.ppf(0.975, n-1) * s / sqrt(n)
//   scipy.stats.ttest_rel(a, b) -> (statistic, pvalue)
//   scipy.stats.t.ppf(0.975, df)
const X = [0.9012, 0.9055, 0.8987, 0.9031, 0.9044];

describe("descriptive statistics", () => {
  it("matches SciPy for mean, sample std and the t 95% CI", () => {
    const s = summarize(X);
    expect(s.n).toBe(5);
    expect(s.mean).toBeCloseTo(0.90258, 12);
    expect(s.std).toBeCloseTo(0.002695737375932574, 12);
    expect(s.ci95![0]).toBeCloseTo(0.8992327999516923, 10);
    expect(s.ci95![1]).toBeCloseTo(0.9059272000483078, 10);

    const two = summarize([1, 2]);
    expect(two.std).toBeCloseTo(0.7071067811865476, 12);
    expect(two.ci95![0]).toBeCloseTo(-4.853102368087347, 9);
    expect(two.ci95![1]).toBeCloseTo(7.853102368087347, 9);

    const ppl = summarize([73.76, 73.5, 74.1]);
    expect(ppl.mean).toBeCloseTo(73.78666666666666, 10);
    expect(ppl.std).toBeCloseTo(0.30088757590391035, 10);
    expect(ppl.ci95![0]).toBeCloseTo(73.03922049236662, 8);
  });

  it("uses the Student t quantile (SciPy t.ppf(0.975, df))", () => {
    // half-width with std = sqrt(n) equals the quantile itself
    expect(tHalfWidth(Math.sqrt(2), 2)).toBeCloseTo(12.706204736174694, 8);
    expect(tHalfWidth(Math.sqrt(5), 5)).toBeCloseTo(2.7764451051977934, 10);
    expect(tHalfWidth(Math.sqrt(30), 30)).toBeCloseTo(2.045229642132703, 10);
  });

  it("handles small and empty samples without inventing numbers", () => {
    expect(summarize([0.5])).toEqual({ n: 1, mean: 0.5, std: NaN, ci95: null });
    expect(Number.isNaN(mean([]))).toBe(true);
    expect(Number.isNaN(sampleStd([1]))).toBe(true);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("is stable for values with a large common offset", () => {
    const shifted = X.map((x) => x + 1e9);
    expect(sampleStd(shifted)).toBeCloseTo(0.002695737375932574, 5);
  });
});

describe("paired t-test", () => {
  it("matches scipy.stats.ttest_rel", () => {
    const r = pairedTTest(X, [0.899, 0.9041, 0.8991, 0.9002, 0.9013])!;
    expect(r.n).toBe(5);
    expect(r.df).toBe(4);
    expect(r.t).toBeCloseTo(2.899886083035909, 9);
    expect(r.pValue).toBeCloseTo(0.044122989269318846, 10);

    const cifar = pairedTTest([92.51, 92.6, 92.38], [92.44, 92.41, 92.47])!;
    expect(cifar.t).toBeCloseTo(0.6986956960477702, 9);
    expect(cifar.pValue).toBeCloseTo(0.557057300664326, 10);

    const strong = pairedTTest(
      [0.5, 0.6, 0.7, 0.8, 0.95, 0.9, 0.85, 0.99],
      [0.1, 0.2, 0.3, 0.25, 0.4, 0.35, 0.3, 0.45],
    )!;
    expect(strong.t).toBeCloseTo(18.16834334435843, 8);
    expect(strong.pValue / 3.7862444778687547e-7).toBeCloseTo(1, 6);
  });

  it("is two-sided: swapping the samples flips t and keeps p", () => {
    const a = [1.2, 2.3, 2.9, 4.4];
    const b = [1.0, 2.0, 3.1, 4.0];
    const ab = pairedTTest(a, b)!;
    const ba = pairedTTest(b, a)!;
    expect(ba.t).toBeCloseTo(-ab.t, 12);
    expect(ba.pValue).toBeCloseTo(ab.pValue, 12);
    expect(tTwoSidedP(0, 3)).toBe(1);
  });

  it("returns null under 2 pairs and decides constant differences", () => {
    expect(pairedTTest([1], [2])).toBeNull();
    expect(pairedTTest([1, 2, 3], [1, 2, 3])!.pValue).toBe(1);
    expect(pairedTTest([2, 3, 4], [1, 2, 3])!.pValue).toBe(0);
    expect(() => pairedTTest([1, 2], [1])).toThrow(RangeError);
  });

  it("pairs on the seeds both sides have", () => {
    const a = new Map([
      [0, 1],
      [2, 3],
      [5, 6],
    ]);
    const b = new Map([
      [5, 60],
      [0, 10],
      [1, 20],
    ]);
    expect(pairBySeed(a, b)).toEqual({ seeds: [0, 5], a: [1, 6], b: [10, 60] });
  });
});

describe("Holm-Bonferroni", () => {
  it("matches the hand-computed step-down example", () => {
    // sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> max(0.06, 0.04) = 0.06
    const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => expect(adj[i]).toBeCloseTo(v, 12));
  });

  it("caps at 1 and skips missing tests (they do not count in m)", () => {
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
    const adj = holmAdjust([null, 0.01, NaN, 0.02]);
    expect(adj[0]).toBeNull();
    expect(adj[2]).toBeNull();
    expect(adj[1]).toBeCloseTo(0.02, 12);
    expect(adj[3]).toBeCloseTo(0.02, 12);
    expect(holmAdjust([])).toEqual([]);
  });

  it("never lowers a p-value, stays <= 1 and keeps the order of the raw p-values", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }), (ps) => {
        const adj = holmAdjust(ps) as number[];
        ps.forEach((p, i) => {
          expect(adj[i]!).toBeGreaterThanOrEqual(p);
          expect(adj[i]!).toBeLessThanOrEqual(1);
          ps.forEach((q, j) => {
            if (p < q) expect(adj[i]!).toBeLessThanOrEqual(adj[j]!);
          });
        });
        // a single hypothesis is not adjusted
        if (ps.length === 1) expect(adj[0]).toBe(ps[0]);
      }),
    );
  });
});
