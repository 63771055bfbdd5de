import { ACTIVATION_NAMES, BENCHMARK_NAMES, ErrorCode, GemSweepError } from "@gemsweep/contracts";
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { expandSpec, parseSpec } from "../src/index.js";

function outcome(input: unknown): "ok" | "invalid" {
  try {
    parseSpec(input);
    return "ok";
  } catch (err) {
    // Anything else (TypeError, RangeError, a YAML exception) is a bug.
    expect(err).toBeInstanceOf(GemSweepError);
    expect((err as GemSweepError).code).toBe(ErrorCode.INVALID_SPEC);
    expect((err as GemSweepError).issues.length).toBeGreaterThan(0);
    return "invalid";
  }
}

const name = fc.constantFrom(...ACTIVATION_NAMES, "softplus", "");
const num = fc.oneof(
  fc.integer({ min: -3, max: 5 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(1e-4, 0.5, 10),
);
const scalarOrList = fc.oneof(num, fc.array(num, { maxLength: 4 }), fc.string({ maxLength: 3 }));
const activation = fc.oneof(
  name,
  fc.record(
    { name, N: scalarOrList, eps: scalarOrList, alpha: scalarOrList },
    { requiredKeys: ["name"] },
  ),
  fc.anything(),
);
const specLike = fc.record(
  {
    name: fc.oneof(fc.string({ maxLength: 8 }), fc.anything()),
    benchmark: fc.oneof(
      fc.constantFrom(...BENCHMARK_NAMES, "x"),
      fc.array(fc.constantFrom(...BENCHMARK_NAMES), { maxLength: 3 }),
      fc.anything(),
    ),
    seeds: fc.oneof(
      fc.integer({ min: -2, max: 6 }),
      fc.array(fc.integer({ min: -2, max: 6 }), { maxLength: 4 }),
      fc.anything(),
    ),
    baseline: fc.oneof(name, fc.anything()),
    activations: fc.oneof(fc.array(activation, { maxLength: 5 }), fc.anything()),
    overrides: fc.oneof(
      fc.record({ epochs: num, lr: num, batchSize: num, sleepMs: num }, { requiredKeys: [] }),
      fc.anything(),
    ),
    search: fc.oneof(
      fc.record(
        { strategy: fc.constantFrom("grid", "random", "x"), samples: num },
        { requiredKeys: ["strategy"] },
      ),
      fc.anything(),
    ),
  },
  { requiredKeys: [] },
);

describe("parseSpec on junk (property-based)", () => {
  it("only ever throws GemSweepError INVALID_SPEC on arbitrary values", () => {
    fc.assert(
      fc.property(fc.anything(), (v) => void outcome(v)),
      { numRuns: 500 },
    );
  });

  it("only ever throws GemSweepError INVALID_SPEC on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => void outcome(s)),
      { numRuns: 500 },
    );
  });

  it("only ever throws GemSweepError INVALID_SPEC on spec-shaped junk, as objects and as YAML/JSON text", () => {
    fc.assert(
      fc.property(specLike, (v) => {
        const r = outcome(v);
        let text: string | undefined;
        try {
          text = JSON.stringify(v);
        } catch {
          text = undefined; // BigInt and friends are not JSON
        }
        if (text !== undefined) outcome(text);
        if (r === "ok") {
          // a spec that parses expands without throwing, into unique (config, seed) pairs
          const trials = expandSpec(parseSpec(v));
          expect(new Set(trials.map((t) => `${t.configKey}#${t.seed}`)).size).toBe(trials.length);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("accepts every well-formed spec it generates and is idempotent on them", () => {
    const good = fc.record({
      name: fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim().length > 0),
      benchmark: fc.uniqueArray(fc.constantFrom(...BENCHMARK_NAMES.filter((b) => b !== "sleep")), {
        minLength: 1,
        maxLength: 3,
      }),
      seeds: fc.uniqueArray(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 5 }),
      activations: fc.array(
        fc.oneof(
          fc.constantFrom("relu", "gelu", "swish"),
          fc.record({
            name: fc.constant("e-gem"),
            N: fc.integer({ min: 1, max: 4 }),
            eps: fc.array(fc.double({ min: 1e-6, max: 100, noNaN: true }), {
              minLength: 1,
              maxLength: 3,
            }),
          }),
          fc.record({
            name: fc.constant("se-gem"),
            N: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 }),
            alpha: fc.double({ min: 0, max: 0.99, noNaN: true }),
          }),
        ),
        { minLength: 0, maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(good, (g) => {
        const v = { ...g, activations: ["gelu", ...g.activations] };
        const spec = parseSpec(v);
        expect(parseSpec(spec)).toEqual(spec);
        expect(parseSpec(JSON.stringify(spec))).toEqual(spec);
      }),
      { numRuns: 300 },
    );
  });
});
