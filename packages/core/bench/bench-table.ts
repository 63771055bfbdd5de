// Aggregation speed of the comparison table: 100k trial rows (5 benchmarks x 200 configs x
// 100 seeds) as the store would return them. Prints a final JSON line; not a test.
import { activationKey, activationLabel, type Activation } from "@gemsweep/contracts";
import { performance } from "node:perf_hooks";
import { buildComparisonTable, configKeyOf, mulberry32, type PlanRow, type TableTrialRow } from "../src/index.js";

const benchmarks = [
  "fashion-mnist-mlp",
  "mnist-mlp",
  "cifar10-resnet56",
  "gpt2-124m",
  "bert-small",
];
const configs: Activation[] = [{ name: "gelu" }, { name: "relu" }];
for (let N = 1; N <= 4; N++) {
  for (let e = 0; e < 50; e++) configs.push({ name: "e-gem", N, eps: 10 ** (-6 + e * 0.15) });
}
const seeds = 100;
const rand = mulberry32(42);
const rows: TableTrialRow[] = [];
for (const benchmark of benchmarks) {
  for (const activation of configs.slice(0, 200)) {
    const configKey = configKeyOf(benchmark, activationKey(activation));
    for (let seed = 0; seed < seeds; seed++) {
      const r = rand();
      rows.push({
        benchmark,
        configKey,
        activation,
        seed,
        status: r < 0.02 ? "FAILED" : r < 0.03 ? "RUNNING" : "COMPLETED",
        finalMetric: 0.9 + 0.01 * rand(),
      });
    }
  }
}

const planRows: PlanRow[] = configs
  .slice(0, 200)
  .map((activation) => ({ key: activationKey(activation), label: activationLabel(activation), activation, swept: {} }));
const options = {
  baseline: "gelu",
  rows: planRows,
  rowOfConfig: new Map(benchmarks.flatMap((b) => planRows.map((r) => [configKeyOf(b, r.key), r.key] as const))),
};
buildComparisonTable(rows, options); // warm-up (JIT)
const runs: number[] = [];
for (let i = 0; i < 10; i++) {
  const t0 = performance.now();
  const table = buildComparisonTable(rows, options);
  runs.push(performance.now() - t0);
  if (table.rows.length !== 200 || table.columns.length !== benchmarks.length)
    throw new Error("unexpected table shape");
}
runs.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    trials: rows.length,
    rows: 200,
    cols: benchmarks.length,
    median_ms: Number(runs[5]!.toFixed(2)),
    min_ms: Number(runs[0]!.toFixed(2)),
  }),
);
