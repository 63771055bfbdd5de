// Why: "how close to peak" needs a peak measured on this CPU: the most float32 operations per
// second a WebAssembly SIMD loop reaches with no memory traffic (independent multiply-add chains
// in registers), the ceiling our GEMM-like kernels and XNNPACK's can approach. Measured both ways
// the kernels can multiply-add: a multiply then an add (plain SIMD), and relaxed SIMD's fused
// f32x4.relaxed_madd (what the kernels use where V8 has it: expr/multiply-add.ts).
//
// npx tsx packages/kernels/bench/wasm-simd-peak.ts [--reps 7] [--chains 8,12,13]
// Prints GFLOP/s per form and chain count (median and best of the repetitions, CPU time of this
// process), then one JSON line.
import { parseArgs } from "node:util";
import { fusedMultiplyAdd, multiplyAdd } from "../src/expr/multiply-add.js";
import * as W from "../src/expr/wasm-encoding.js";

const { values } = parseArgs({ options: { reps: { type: "string", default: "7" }, chains: { type: "string", default: "8,12,13" } } });

/** run(iterations) -> a lane of the result: each iteration does acc_k = acc_k * m + a for `chains` accumulators. */
function peakModule(chains: number, fused: boolean): Uint8Array<ArrayBuffer> {
  const { I32, F32, V128, INSTR: I, SIMD_OP: S, simd, sleb, localGet: get, localSet: set } = W;
  const [ITERS, M, A, FIRST_ACC] = [0, 1, 2, 3];
  const body = Array.from({ length: chains }, (_, k) => [
    ...(fused ? multiplyAdd(get(A), get(FIRST_ACC + k), get(M)) : [...get(FIRST_ACC + k), ...get(M), ...simd(S.f32x4Mul), ...get(A), ...simd(S.f32x4Add)]),
    ...set(FIRST_ACC + k),
  ]).flat();
  // prettier-ignore
  const code = [
    ...W.splatConst(0.999), ...set(M), ...W.splatConst(1e-3), ...set(A),
    ...Array.from({ length: chains }, (_, k) => [...W.splatConst(k), ...set(FIRST_ACC + k)]).flat(),
    I.loop, I.void,
    ...body,
    ...get(ITERS), I.i32Const, ...sleb(1), W.INSTR.i32Sub, I.localTee, ...W.uleb(ITERS), I.brIf, 0,
    I.end,
    // keep every chain alive: sum them, return lane 0
    ...get(FIRST_ACC),
    ...Array.from({ length: chains - 1 }, (_, k) => [...get(FIRST_ACC + k + 1), ...simd(S.f32x4Add)]).flat(),
    ...simd(S.f32x4ExtractLane), 0,
  ];
  return W.oneFunctionModule({ params: [I32], results: [F32] }, [[2, V128], [chains, V128]], code);
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const memory = new WebAssembly.Memory({ initial: 1 });
const results: Record<string, { median_gflops: number; best_gflops: number }> = {};
const forms = fusedMultiplyAdd() ? ["mul+add", "fused"] : ["mul+add"];
for (const [form, chains] of forms.flatMap((f) => values.chains!.split(",").map((c) => [f, Number(c)] as const))) {
  const run = new WebAssembly.Instance(new WebAssembly.Module(peakModule(chains, form === "fused")), { env: { memory } }).exports["run"] as (n: number) => number;
  const iterations = 20_000_000;
  run(1_000_000); // compile tier-up
  const rates: number[] = [];
  for (let r = 0; r < Number(values.reps); r++) {
    const t0 = cpuMs();
    run(iterations);
    rates.push((iterations * chains * 8) / ((cpuMs() - t0) / 1000) / 1e9);
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;
  const best = rates[rates.length - 1]!;
  results[`${form}, ${chains} chains`] = { median_gflops: Number(median.toFixed(1)), best_gflops: Number(best.toFixed(1)) };
  console.log(`${chains} independent ${form} chains: median ${median.toFixed(1)} GFLOP/s, best ${best.toFixed(1)} (${values.reps} runs, CPU time)`);
}
const peakOf = (form: string) => Math.max(...Object.entries(results).filter(([k]) => k.startsWith(form)).map(([, r]) => r.best_gflops));
console.log(JSON.stringify({ what: "wasm SIMD f32 peak, one thread", peak_gflops: peakOf("mul+add"), ...(forms.includes("fused") ? { fused_peak_gflops: peakOf("fused") } : {}), results }));
