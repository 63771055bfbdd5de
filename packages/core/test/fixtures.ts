import { activationKey, activationLabel, withDefaults, type Activation } from "@gemsweep/contracts";
import { configKeyOf, type PlanRow, type TableTrialRow } from "../src/index.js";

// Trial rows for the table tests. Reference numbers for these data were computed once with
// SciPy 1.17.1 (np.mean, np.std(ddof=1), scipy.stats.ttest_rel on the seeds both completed,
// Holm by hand in Python): see table.test.ts.
export const ACTS: Record<string, Activation> = {
  gelu: { name: "gelu" },
  relu: { name: "relu" },
  gem1: { name: "gem", N: 1 },
  gem2: { name: "gem", N: 2 },
  egem: { name: "e-gem", N: 1, eps: 0.01 },
};

type Values = Partial<Record<number, number | "FAILED" | "RUNNING" | "DIVERGED">>;

export const ACCURACY: Record<keyof typeof ACTS, Values> = {
  gelu: { 0: 0.88, 1: 0.884, 2: 0.879 },
  relu: { 0: 0.871, 1: 0.877, 2: "FAILED" },
  gem1: { 0: 0.886, 1: 0.889, 2: 0.885 },
  gem2: { 0: 0.86, 1: "RUNNING", 2: 0.858 },
  egem: { 0: 0.887, 1: 0.89, 2: 0.884 },
};

export const PERPLEXITY: Record<keyof typeof ACTS, Values> = {
  gelu: { 0: 12.0, 1: 12.4, 2: 12.2 },
  relu: { 0: 12.9, 1: 13.1, 2: 13.4 },
  gem1: { 0: 11.8, 1: 12.1, 2: 11.95 },
  gem2: { 0: 11.5, 1: 11.9, 2: 11.6 },
  egem: { 0: 12.1, 1: 12.3, 2: 12.25 },
};

export function rowsFor(
  benchmark: string,
  data: Record<string, Values>,
  acts: Record<string, Activation> = ACTS,
): TableTrialRow[] {
  const out: TableTrialRow[] = [];
  for (const [name, values] of Object.entries(data)) {
    const activation = acts[name]!;
    for (const [seed, v] of Object.entries(values)) {
      out.push({
        benchmark,
        configKey: configKeyOf(benchmark, activationKey(activation)),
        activation,
        seed: Number(seed),
        status: typeof v === "number" ? "COMPLETED" : v!,
        finalMetric: typeof v === "number" ? v : null,
      });
    }
  }
  return out;
}

export const TRIALS: TableTrialRow[] = [
  ...rowsFor("fashion-mnist-mlp", ACCURACY),
  ...rowsFor("lm-tiny", PERPLEXITY),
];
export const ROW_ORDER = ["gelu", "relu", "gem|N=1", "gem|N=2", "e-gem|N=1|eps=0.01"];

/** The plan's rows for ACTS, in ROW_ORDER. */
export const ROWS: PlanRow[] = Object.values(ACTS).map((a) => ({
  key: activationKey(a),
  label: activationLabel(a),
  activation: withDefaults(a),
  swept: {},
}));
