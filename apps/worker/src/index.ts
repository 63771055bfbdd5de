export { GemSweepWorker } from "./gemsweep-worker.js";
export {
  workerSettingsSchema,
  defaultCheckpointDir,
  type WorkerSettings,
  type WorkerSettingsInput,
} from "./worker-settings.js";
export { LiveEvents } from "./live-events.js";
export { classifyFailure, type FailureKind } from "./failure-kind.js";
export { TrialPruning } from "./trial-pruning.js";
