// Public surface of @gemsweep/core: the sweep spec, its expansion, search and pruning,
// statistics and comparison tables. Pure logic: no services, no tfjs. The shared definitions
// (activations, benchmarks, statuses, hyperparameters, jobs, errors) are @gemsweep/contracts'.

export * from "./benchmarks.js";
export * from "./activation-grid.js";
export * from "./synthetic-benchmark.js";
export * from "./overrides/override-value.js";
export * from "./overrides/overrides-spec.js";
export * from "./overrides/swept-values.js";
export * from "./overrides/hyper-space.js";
export * from "./spec.js";
export * from "./expand.js";
export * from "./describe-sweep.js";
export * from "./estimate/measured-throughput.js";
export * from "./estimate/compute-estimate.js";
export * from "./estimate/dry-run-text.js";
export * from "./plan/sweep-plan.js";
export * from "./plan/plan-sweep.js";
export * from "./plan/read-plan.js";

export * from "./search/trial-snapshot.js";
export * from "./search/search-strategy.js";
export * from "./search/grid-search-strategy.js";
export * from "./search/random-search-strategy.js";
export * from "./search/pruner.js";
export * from "./search/noop-pruner.js";
export * from "./search/median-stopping-pruner.js";
export * from "./search/asha-pruner.js";
export * from "./search/grid-sampler.js";
export * from "./search/random-sampler.js";
export * from "./search/tuning-settings.js";
export * from "./search/tuning-choice.js";
export * from "./search/trials-of-config.js";
export * from "./search/plan-trials.js";
export { mulberry32 } from "./search/prng.js";

export * from "./stats/descriptive.js";
export * from "./stats/paired-t-test.js";
export * from "./stats/holm.js";

export * from "./table/comparison-table.js";
export * from "./table/significance.js";
export * from "./table/build-comparison-table.js";
export * from "./table/compare-tables.js";

export * from "./export/format-cell.js";
export * from "./export/csv.js";
export * from "./export/markdown.js";
export * from "./export/latex.js";
export * from "./export/json.js";
export * from "./export/format-table.js";

export * from "./raw-export/raw-export-columns.js";
export * from "./raw-export/raw-export-format.js";
export * from "./export/comparison-formats.js";
export * from "./export/paper-style.js";
export * from "./export/paper-markdown.js";
export * from "./export/paper-latex.js";
