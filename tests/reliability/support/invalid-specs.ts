import fc from "fast-check";

/** A valid spec every mutation starts from (a sleep sweep: submitting it would train nothing). */
export const BASE_SPEC = {
  name: "fuzz-base",
  benchmark: "sleep",
  seeds: [0, 1],
  baseline: "gelu",
  activations: ["gelu", { name: "gem", N: [1, 2] }, { name: "e-gem", N: 1, eps: 0.01 }],
  overrides: { epochs: 1, sleepMs: 10 },
} as const;

/** An invalid spec and the field path its 400 / exit-2 error must name. */
export interface InvalidSpec {
  spec: unknown;
  /** the error must name this path or one below it ("" = the whole spec) */
  path: string;
  what: string;
}

type Json = Record<string, unknown>;
const base = (): Json => structuredClone(BASE_SPEC) as unknown as Json;
const KNOWN_TOP = new Set(Object.keys(BASE_SPEC).concat(["search", "pruner", "tune", "compare"]));
const KNOWN_HYPER = new Set([
  ...["epochs", "batchSize", "lr", "optimizer", "momentum", "weightDecay", "trainLimit", "testLimit", "sleepMs", "failTimes"],
  ...["schedule", "warmupEpochs", "warmupSteps", "milestones", "stepEpochs", "gamma", "minLr", "gradClip", "beta1", "beta2", "adamEps", "labelSmoothing", "dropout", "valFraction"],
]);
const ACTIVATIONS = new Set(["relu", "gelu", "gelu-tanh", "swish", "mish", "elu", "leaky-relu", "gem", "e-gem", "se-gem"]);
const BENCHMARKS = new Set(["fashion-mnist-mlp", "mnist-mlp", "fashion-mnist-cnn", "mnist-cnn", "cifar10-resnet20", "cifar10-resnet56", "cifar100-resnet56", "lm-tiny", "gpt2-124m", "bert-small", "sleep", "synthetic"]);

const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
const notNumber = fc.oneof(fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,11}$/).filter((k) => k !== "__proto__");
const with_ = (mutate: (s: Json) => void, path: string, what: string): InvalidSpec => {
  const spec = base();
  mutate(spec);
  return { spec, path, what };
};

/** Targeted mutations of the base spec: one bad field each, whose path is known. */
export const invalidSpecArb: fc.Arbitrary<InvalidSpec> = fc.oneof(
  notString.map((v) => with_((s) => (s.name = v), "name", "name not a string")),
  fc.constantFrom("", "   ", "x".repeat(201)).map((v) => with_((s) => (s.name = v), "name", "empty or long name")),
  fc.constantFrom("name", "benchmark", "activations").map((k) => with_((s) => delete s[k], k, `missing ${k}`)),
  fc.string({ maxLength: 20 }).filter((b) => !BENCHMARKS.has(b)).map((v) => with_((s) => (s.benchmark = v), "benchmark", "unknown benchmark")),
  notString.filter((v) => !Array.isArray(v)).map((v) => with_((s) => (s.benchmark = v), "benchmark", "benchmark of the wrong type")),
  fc.integer({ max: -1 }).map((v) => with_((s) => (s.seeds = [0, v]), "seeds", "negative seed")),
  fc.integer({ min: 0, max: 100 }).map((v) => with_((s) => (s.seeds = [v, v]), "seeds", "duplicate seed")),
  fc.double({ min: 0.01, max: 1e3, noNaN: true }).filter((v) => !Number.isInteger(v)).map((v) => with_((s) => (s.seeds = v), "seeds", "fractional seed count")),
  fc.constant(with_((s) => (s.activations = []), "activations", "no activations")),
  fc.string({ maxLength: 16 }).filter((a) => !ACTIVATIONS.has(a)).map((v) => with_((s) => ((s.activations as unknown[])[0] = v), "activations.0", "unknown activation")),
  fc.oneof(fc.integer({ max: 0 }), fc.double({ min: 1.01, max: 50, noNaN: true }).filter((v) => !Number.isInteger(v)), fc.integer({ min: 65, max: 1e6 }), notNumber).map((v) =>
    with_((s) => ((s.activations as unknown[])[1] = { name: "gem", N: v }), "activations.1.N", "bad N"),
  ),
  fc.oneof(fc.double({ max: 0, noNaN: true }), fc.double({ min: 1.1e6, max: 1e300, noNaN: true }), notNumber).map((v) =>
    with_((s) => ((s.activations as unknown[])[2] = { name: "e-gem", N: 1, eps: v }), "activations.2.eps", "bad eps"),
  ),
  fc.constantFrom("relu", "gelu", "swish", "gem").map((name) => with_((s) => ((s.activations as unknown[])[1] = { name, eps: 0.1 }), "activations.1.eps", "eps on an activation without it")),
  identifier.filter((k) => !["name", "N", "eps", "alpha"].includes(k)).map((k) =>
    with_((s) => ((s.activations as unknown[])[1] = { name: "gem", N: 1, [k]: 1 }), `activations.1.${k}`, "unknown activation key"),
  ),
  fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 10_001 }), fc.double({ min: 1.1, max: 9.9, noNaN: true }), notNumber).map((v) =>
    with_((s) => ((s.overrides as Json).epochs = v), "overrides.epochs", "bad epochs"),
  ),
  fc.constantFrom("trainLimit", "lr", "batchSize", "optimizer").map((k) => with_((s) => ((s.overrides as Json)[k] = k === "optimizer" ? "adam" : 1), `overrides.${k}`, "override the benchmark does not take")),
  identifier.filter((k) => !KNOWN_HYPER.has(k)).map((k) => with_((s) => ((s.overrides as Json)[k] = 1), `overrides.${k}`, "unknown override")),
  identifier.filter((k) => !KNOWN_TOP.has(k)).map((k) => with_((s) => (s[k] = 1), k, "unknown top-level key")),
  fc.string({ minLength: 1, maxLength: 12 }).filter((b) => !["gelu", "gem", "e-gem"].includes(b) && !b.includes("|")).map((v) => with_((s) => (s.baseline = v), "baseline", "baseline not in the grid")),
  fc.constant(with_((s) => (s.baseline = "gem"), "baseline", "ambiguous baseline")),
  fc.constant(with_((s) => (s.search = { strategy: "bayes" }), "search", "unknown search strategy")),
  fc.constant(
    with_((s) => ((s.activations as unknown[])[1] = { name: "gem", N: Array.from({ length: 100 }, (_, i) => i + 1) }, (s.seeds = 1000)), "activations", "expands past the trial limit"),
  ),
);

/** Anything at all that is not an object spec: the error may name the whole spec (""). */
export const garbageSpecArb: fc.Arbitrary<InvalidSpec> = fc
  .oneof(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }))
  .map((spec) => ({ spec, path: "", what: "random JSON" }));

/** Whether `paths` (from `{errors:[{path}]}` or the CLI's lines) name `expected` or a field below it. */
export function namesPath(paths: readonly string[], expected: string): boolean {
  if (expected === "") return paths.length > 0;
  return paths.some((p) => p === expected || p.startsWith(`${expected}.`));
}

/** A billion-laughs YAML document: 9 aliases per level, 8 levels. */
export function yamlAliasBomb(): string {
  const lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 8; i++) lines.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(",")}]`);
  lines.push("name: *l8", "benchmark: sleep", "activations: [gelu]");
  return `${lines.join("\n")}\n`;
}
