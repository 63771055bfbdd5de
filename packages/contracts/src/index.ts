// Public surface of @gemsweep/contracts: the definitions every package shares (no tfjs, no
// Node-only imports, so the dashboard's browser code can import it too).

export * from "./errors.js";
export * from "./zod-issues.js";
export * from "./activation-catalog.js";
export * from "./activation.js";
export * from "./activation-key.js";
export * from "./activation-label.js";
export * from "./benchmarks.js";
export * from "./backends.js";
export * from "./statuses.js";
export * from "./hyperparams.js";
export * from "./hyper-rules.js";
export * from "./trial-job.js";
export * from "./live-events.js";
export * from "./curve-splits.js";
export * from "./repro-record.js";
export * from "./api-scopes.js";
export * from "./audit-actions.js";
