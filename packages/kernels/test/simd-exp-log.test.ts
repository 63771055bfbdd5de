// exp, log, tanh and log1p as the WebAssembly SIMD emitter computes them (simd-exp-log.ts,
// lower-tanh-log1p.ts), against the float64 functions on float32 inputs across their whole range,
// the special values included.
import { describe, expect, it } from "vitest";
import { ExprBuilder, type ElementwiseProgram, type Expr } from "../src/expr/expr.js";
import { simdModuleBytes } from "../src/expr/emit-wasm-simd.js";

/** Runs the one-input program on `xs` in a SIMD module of its own (length a multiple of 4). */
function simdEvaluate(f: (b: ExprBuilder, x: Expr) => Expr, xs: Float32Array): Float32Array {
  const b = new ExprBuilder();
  const program: ElementwiseProgram = { inputs: ["x"], output: f(b, b.input(0)) };
  const memory = new WebAssembly.Memory({ initial: Math.ceil((xs.byteLength * 2) / 65536) + 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(simdModuleBytes(program)), { env: { memory } });
  const heap = new Float32Array(memory.buffer);
  heap.set(xs, 0);
  (instance.exports["run"] as (a: number, b: number, c: number, n: number) => void)(0, 0, xs.byteLength, xs.length / 4);
  return heap.slice(xs.length, 2 * xs.length);
}

/** Distance in float32 units in the last place between a float32 result and the float64 value. */
function ulps(actual: number, expected: number): number {
  if (actual === expected) return 0;
  const ulp = Math.max(2 ** (Math.floor(Math.log2(Math.abs(expected))) - 23), 2 ** -149);
  return Math.abs(actual - expected) / ulp;
}

/** n float32 values spread over [lo, hi] (uniform), deterministic. */
function spread(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.fround(lo + ((hi - lo) * (i + 0.5)) / n));
}

/** Pads to a multiple of 4 with zeros. */
const vector = (values: number[]): Float32Array => Float32Array.from([...values, ...Array(-values.length & 3).fill(0)]);

function worstUlps(f: (b: ExprBuilder, x: Expr) => Expr, reference: (x: number) => number, xs: number[]) {
  const out = simdEvaluate(f, vector(xs));
  let worst = { ulps: 0, x: NaN, got: NaN, want: NaN };
  xs.forEach((x, i) => {
    const want = Math.fround(reference(x));
    const u = ulps(out[i] as number, want);
    if (!(u <= worst.ulps)) worst = { ulps: u, x, got: out[i] as number, want };
  });
  return worst;
}

describe("WebAssembly SIMD exp, log, tanh and log1p", () => {
  it("exp is within 2 ulps over float32's normal range, then gradual underflow", () => {
    const worst = worstUlps((b, x) => b.exp(x), Math.exp, [...spread(-87, 88.7, 40001), ...spread(-1, 1, 4001)]);
    expect(worst.ulps, JSON.stringify(worst)).toBeLessThanOrEqual(2);
    // Denormal results: absolute error at most one denormal step.
    const xs = spread(-103, -87.4, 1001);
    const out = simdEvaluate((b, x) => b.exp(x), vector(xs));
    xs.forEach((x, i) => expect(Math.abs((out[i] as number) - Math.exp(x)), `exp(${x})`).toBeLessThanOrEqual(2 ** -149));
  });

  it("exp at the edges: overflow, underflow, infinities, NaN, -0", () => {
    const xs = [88.8, 89, 1000, Infinity, -104, -110, -1e30, -Infinity, NaN, -0, 0];
    const out = simdEvaluate((b, x) => b.exp(x), vector(xs));
    expect(Array.from(out.slice(0, xs.length))).toEqual([Infinity, Infinity, Infinity, Infinity, 0, 0, 0, 0, NaN, 1, 1]);
  });

  it("log is within 2 ulps over every float32 magnitude, denormals included", () => {
    const magnitudes = spread(-149, 128, 20001).map((e) => Math.fround(2 ** e));
    const worst = worstUlps((b, x) => b.log(x), Math.log, [...magnitudes.filter((v) => v > 0 && v < Infinity), ...spread(0.5, 2, 4001)]);
    expect(worst.ulps, JSON.stringify(worst)).toBeLessThanOrEqual(2);
  });

  it("log at the edges: 0, -0, negatives, Infinity, NaN", () => {
    const xs = [0, -0, -1, -1e-30, -Infinity, Infinity, NaN, 1];
    const out = simdEvaluate((b, x) => b.log(x), vector(xs));
    expect(Array.from(out.slice(0, xs.length))).toEqual([-Infinity, -Infinity, NaN, NaN, NaN, Infinity, NaN, 0]);
  });

  it("tanh and log1p (lowered to exp, log and polynomials) are within 2e-7 relative", () => {
    const tanhXs = [...spread(-12, 12, 20001), ...spread(-1e-3, 1e-3, 1001), 1e-30, -1e-30, 50, -50];
    const t = worstUlps((b, x) => b.tanh(x), Math.tanh, tanhXs);
    expect(Math.abs(t.got - t.want) / Math.abs(t.want), JSON.stringify(t)).toBeLessThanOrEqual(2e-7);
    const log1pXs = [...spread(-0.999, 10, 20001), ...spread(-1e-4, 1e-4, 1001), 1e-30, 1e10, -0.5, 1];
    const l = worstUlps((b, x) => b.log1p(x), Math.log1p, log1pXs);
    expect(Math.abs(l.got - l.want) / Math.abs(l.want), JSON.stringify(l)).toBeLessThanOrEqual(2e-7);
    const edges = simdEvaluate((b, x) => b.tanh(x), vector([Infinity, -Infinity, NaN, 0]));
    expect(Array.from(edges)).toEqual([1, -1, NaN, 0]);
    const log1pEdges = simdEvaluate((b, x) => b.log1p(x), vector([-1, -2, Infinity, NaN]));
    expect(Array.from(log1pEdges)).toEqual([-Infinity, NaN, Infinity, NaN]);
  });
});
